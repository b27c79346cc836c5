import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Where `npm run build` puts the dashboard: dist/dashboard-app in the project (this file runs from dist/ or src/). */
export function dashboardDirectory(): string {
  const projectRoot = typeof __dirname === 'string' ? resolve(__dirname, '..', '..') : process.cwd();
  return join(projectRoot, 'dist', 'dashboard-app');
}

/**
 * The file to answer `relativePath` with: an existing asset inside `directory`, else the app's index.html (the
 * single-page app routes every other path itself). Undefined when the dashboard was not built.
 */
export function dashboardFile(directory: string, relativePath: string): { path: string; isAsset: boolean } | undefined {
  const candidate = resolve(directory, relativePath);
  if (relativePath !== '' && candidate.startsWith(directory + sep) && existsSync(candidate) && statSync(candidate).isFile()) {
    return { path: candidate, isAsset: true };
  }
  const index = join(directory, 'index.html');
  return existsSync(index) ? { path: index, isAsset: false } : undefined;
}
