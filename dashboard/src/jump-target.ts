// Where the header's "Go to id" box takes an id: the page of whatever the id's prefix names. A job or run id that
// is not one whole id is searched as the start of some (ids are long; people paste the first part).

/** `prefixSearch`: the API's search for ids starting so, and the list page showing them. */
export type JumpTarget = { kind: 'page'; to: string; prefixSearch?: { api: string; page: string } } | { kind: 'unknown'; message: string };

const byPrefix = (collection: string) => (id: string) => ({
  api: `/v1/${collection}?id_prefix=${encodeURIComponent(id)}`,
  page: `/${collection}?id_prefix=${encodeURIComponent(id)}`,
});

const PAGES: [prefix: string, path: (id: string) => string, prefixSearch?: (id: string) => { api: string; page: string }][] = [
  ['job-', (id) => `/jobs/${encodeURIComponent(id)}`, byPrefix('jobs')],
  ['run-', (id) => `/runs/${encodeURIComponent(id)}`, byPrefix('runs')],
  ['step-', (id) => `/steps/${encodeURIComponent(id)}`],
  ['dlv-', (id) => `/deliveries/${encodeURIComponent(id)}`],
  ['ep-', (id) => `/endpoints/${encodeURIComponent(id)}`],
  ['op-', (id) => `/?operation=${encodeURIComponent(id)}`],
];

export function jumpTarget(text: string): JumpTarget {
  const id = text.trim();
  const page = PAGES.find(([prefix]) => id.startsWith(prefix) && id.length > prefix.length);
  if (!page) return { kind: 'unknown', message: 'Ids start with job-, run-, step-, dlv- (a delivery), ep- (an endpoint) or op- (a bulk redelivery).' };
  const [, path, prefixSearch] = page;
  return { kind: 'page', to: path(id), ...(prefixSearch ? { prefixSearch: prefixSearch(id) } : {}) };
}
