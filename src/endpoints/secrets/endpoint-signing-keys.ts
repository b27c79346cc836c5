import { Injectable, OnModuleInit } from '@nestjs/common';
import { DeliveryPolicy, type EndpointSigningSecrets } from '../../webhooks/outbox/delivery-policy';
import { EndpointSecretsTable } from '../persistence/endpoint-secrets.table';
import { secretKey } from './endpoint-secret';
import { SecretSealer } from './secret-sealer';

/** How long an endpoint's keys are reused: a rotation on another replica is seen within this. */
const CACHE_MS = 1000;
const MAX_CACHED = 10_000;

/** The keys each endpoint's deliveries are signed with now (newest first), opened from endpoint_secrets and cached briefly. */
@Injectable()
export class EndpointSigningKeys implements EndpointSigningSecrets, OnModuleInit {
  private readonly cache = new Map<string, { at: number; keys: Promise<readonly Buffer[]> }>();

  constructor(
    private readonly secrets: EndpointSecretsTable,
    private readonly sealer: SecretSealer,
    private readonly policy: DeliveryPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.signEndpointDeliveriesWith(this);
  }

  secretsOf(endpointId: string): Promise<readonly Buffer[]> {
    const cached = this.cache.get(endpointId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.keys;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const keys = this.load(endpointId);
    this.cache.set(endpointId, { at: Date.now(), keys });
    keys.catch(() => this.cache.delete(endpointId));
    return keys;
  }

  /** Its secrets changed here: the next delivery reads them again. */
  forget(endpointId: string): void {
    this.cache.delete(endpointId);
  }

  private async load(endpointId: string): Promise<readonly Buffer[]> {
    const stored = (await this.secrets.signing([endpointId])).get(endpointId) ?? [];
    return stored.map((secret) => secretKey(this.sealer.open(secret.sealed)));
  }
}
