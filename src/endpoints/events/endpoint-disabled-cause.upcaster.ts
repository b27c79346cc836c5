import type { EventUpcaster } from '../../platform/event-store/event-schemas';
import { EndpointEventType } from './endpoint-events';

/**
 * The one reason text v1 ever gave a pause (PATCH enabled: false). Frozen here on purpose: it is what the stored
 * events say, whatever the decider's text becomes.
 */
const V1_PAUSE_REASON = 'paused through the API';

/**
 * EndpointDisabled v1 (written before 2026-12-03) carried only the reason text. Two writers existed: the API's pause, with
 * the fixed text above, and the service's auto-disable ("every attempt has failed since …"), so the text tells them apart.
 */
export const endpointDisabledCauseFromReason: EventUpcaster = {
  type: EndpointEventType.disabled,
  fromVersion: 1,
  upcast: (data) => ({ ...data, cause: data.reason === V1_PAUSE_REASON ? 'paused' : 'failing' }),
};
