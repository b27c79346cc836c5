import { ApiProperty } from '@nestjs/swagger';
import { LifecycleResponse } from '../lifecycle/lifecycle.response.dto';
import { JOB_STATUSES, type JobStatus } from './domain/job-status';
import type { JobRecord } from './persistence/job.orm-entity';

export class JobResponse extends LifecycleResponse {
  @ApiProperty({ example: 'job-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21' })
  id: string;

  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;

  static from(job: JobRecord): JobResponse {
    return { id: job.id, status: job.status, ...LifecycleResponse.lifecycleFields(job) };
  }
}
