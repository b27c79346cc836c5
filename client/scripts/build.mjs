// Builds the package twice from the same sources: CommonJS into dist/cjs (for require) and ES modules into
// dist/esm (for import), each with its declarations. package.json's "exports" picks one by how it is loaded.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.json', 'tsconfig.esm.json']) execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
// The package itself is CommonJS; this marks the files under dist/esm as ES modules.
writeFileSync('dist/esm/package.json', '{ "type": "module" }\n');
