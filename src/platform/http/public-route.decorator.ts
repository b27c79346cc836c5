import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'publicRoute';

/**
 * Marks a controller or handler as reachable without an API key. The guard decides on the route that
 * matched, never on the request path, so no spelling of a path can reach a guarded handler unguarded.
 */
export const PublicRoute = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC_ROUTE, true);
