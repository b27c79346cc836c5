// The order of a bundled run: the heaviest bundle first (test-bundles.mjs numbers them so, 1 the heaviest), so the
// last to start are the shortest; other files (the unit tier's) after them, in Jest's own order. Jest's order would
// go by durations it cached for these paths, which each run makes anew, then by file size, which says nothing here.
import TestSequencer from '@jest/test-sequencer';

const rank = (path) => Number(/-(\d+)\.bundle\.ts$/.exec(path)?.[1] ?? Number.MAX_SAFE_INTEGER);

export default class BundleSequencer extends TestSequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    return ordered.map((test, index) => ({ test, index })).sort((a, b) => rank(a.test.path) - rank(b.test.path) || a.index - b.index).map(({ test }) => test);
  }
}
