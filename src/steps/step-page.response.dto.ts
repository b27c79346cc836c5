import { PageOf } from '../platform/http/page.response.dto';
import { StepResponse } from './step.response.dto';

/** A page of a run's steps, in the order they were added. */
export class StepPage extends PageOf(StepResponse) {}
