// Per-page figures, written by each test file and printed together at the end.
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './config.mjs';

export function recordFigures(check, data) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${check}.json`), JSON.stringify(data, null, 2));
}

export function readFigures(check) {
  const file = path.join(RESULTS_DIR, `${check}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

export function clearFigures() {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
}
