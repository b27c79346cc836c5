// The benchmark's stack floor, never part of the product: the baseline's inline job service (commit, then the
// callback POST awaited in the request) built from the product's required stack instead of plain node:http + pg —
// NestJS on Fastify with a validated DTO, TypeORM's pg pool for the statements, @nestjs/axios for the POST.
// No event log, outbox, CQRS, auth, logging or metrics. What it costs over the baseline is what the stack costs
// before any of the product's design; what the product costs over it is the design's share.
// Same contract as the baseline: POST /v1/jobs, PATCH /v1/jobs/:id, GET /health/ready. Env: DATABASE_URL, PORT.
import 'reflect-metadata';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Body, Controller, Get, HttpException, Inject, Module, Param, Patch, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { firstValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { CALLBACK_TIMEOUT_MS, STATUSES, TERMINAL, callbackPayload, inlineJobStatements, insertParams, toResponse, updateParams } from './inline-job.mjs';

const SQL = inlineJobStatements('floor_jobs');

// Decorators applied by hand: this file is plain JavaScript, run as it is.
const decorateProperty = (target, key, ...decorators) => decorators.forEach((decorate) => decorate(target.prototype, key));
const decorateMethod = (target, key, paramTypes, decorators, params = []) => {
  Reflect.defineMetadata('design:paramtypes', paramTypes, target.prototype, key);
  params.forEach((decorate, index) => decorate(target.prototype, key, index));
  decorators.forEach((decorate) => decorate(target.prototype, key, Object.getOwnPropertyDescriptor(target.prototype, key)));
};

class CreateJobDto {}
decorateProperty(CreateJobDto, 'callback_url', IsOptional(), IsString());
decorateProperty(CreateJobDto, 'metadata', IsOptional(), IsObject());

class UpdateJobDto {}
decorateProperty(UpdateJobDto, 'status', IsOptional(), IsIn(STATUSES));
decorateProperty(UpdateJobDto, 'metadata', IsOptional(), IsObject());

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 20, application_name: 'bench-floor' } });
await dataSource.initialize();
await dataSource.query(SQL.createTable);

class JobsController {
  constructor(http) {
    this.http = http;
    this.agent = new Agent({ keepAlive: true, maxSockets: 64 });
  }

  async create(body) {
    const rows = await dataSource.query(SQL.insert, insertParams(`job-${randomUUID()}`, body, new Date()));
    return toResponse(rows[0]);
  }

  async update(id, { status, metadata }) {
    const terminal = TERMINAL.includes(status);
    const [rows] = await dataSource.query(SQL.update, updateParams(id, { status, metadata }, new Date()));
    if (rows.length === 0) {
      const [existing] = await dataSource.query(SQL.select, [id]);
      if (!existing) throw new HttpException({ message: 'not found' }, 404);
      if (existing.status !== status) throw new HttpException({ message: 'job is already terminal' }, 409);
      return toResponse(existing);
    }
    let job = rows[0];
    if (terminal && job.callback_url) job = await this.sendCallback(job); // committed above; now inline, awaited
    return toResponse(job);
  }

  async sendCallback(job) {
    const payload = callbackPayload(job);
    const sentAt = new Date();
    let statusCode = null;
    let error = null;
    try {
      const response = await firstValueFrom(
        this.http.post(job.callback_url, payload, {
          headers: { 'content-type': 'application/json' },
          httpAgent: this.agent,
          proxy: false,
          maxRedirects: 0,
          timeout: CALLBACK_TIMEOUT_MS,
          validateStatus: () => true,
          transformRequest: [(body) => body],
        }),
      );
      statusCode = response.status;
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (failure) {
      error = failure.message;
    }
    const [rows] = await dataSource.query(SQL.recordCallback, [job.id, sentAt, statusCode, error]);
    return rows[0];
  }

  ready() {
    return { status: 'ok' };
  }
}
Inject(HttpService)(JobsController, undefined, 0);
Controller()(JobsController);
decorateMethod(JobsController, 'create', [CreateJobDto], [Post('v1/jobs')], [Body()]);
decorateMethod(JobsController, 'update', [String, UpdateJobDto], [Patch('v1/jobs/:id')], [Param('id'), Body()]);
decorateMethod(JobsController, 'ready', [], [Get('health/ready')]);

class FloorModule {}
Module({ imports: [HttpModule], controllers: [JobsController] })(FloorModule);

const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: ['error'] });
app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => void app.close().then(() => dataSource.destroy()).then(() => process.exit(0)));
