import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';

/** Carries the already validated AppConfig through @nestjs/config and provides it typed. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: config })] })],
      providers: [{ provide: AppConfig, inject: [ConfigService], useFactory: (configs: ConfigService) => configs.getOrThrow<AppConfig>('app') }],
      exports: [AppConfig],
    };
  }
}
