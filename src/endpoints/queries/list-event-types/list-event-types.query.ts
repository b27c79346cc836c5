/** Every event type an endpoint can subscribe to, with an example envelope each. */
export class ListEventTypesQuery {}
