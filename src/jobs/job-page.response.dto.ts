import { PageOf } from '../platform/http/page.response.dto';
import { JobResponse } from './job.response.dto';

/** A page of jobs, newest first. */
export class JobPage extends PageOf(JobResponse) {}
