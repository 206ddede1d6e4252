// Where the view lives: under the admin prefix, so it shares the admin routes' Host checks and is never
// counted by rate limits, faults or the request log, and no X API path can collide with it.

export const VIEW_PREFIX = '/__sandbox/view/';
