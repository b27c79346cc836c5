import { PageOf } from '../platform/http/page.response.dto';
import { RunResponse } from './run.response.dto';

/** A page of runs, newest first. */
export class RunPage extends PageOf(RunResponse) {}
