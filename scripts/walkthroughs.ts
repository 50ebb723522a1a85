/**
 * `npm run walkthroughs`: regenerates the walkthrough markdown under walkthroughs/ and the
 * `contributes.walkthroughs` entry of package.json from the lesson content and the snippet files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateWalkthrough, WALKTHROUGH_DIR } from '../client/src/lesson/walkthrough';

const root = path.resolve(__dirname, '..');

function read(file: string): string | null {
  const abs = path.join(root, file);
  return fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null;
}

const generated = generateWalkthrough(read);
fs.mkdirSync(path.join(root, WALKTHROUGH_DIR), { recursive: true });
for (const name of fs.readdirSync(path.join(root, WALKTHROUGH_DIR))) {
  const rel = `${WALKTHROUGH_DIR}/${name}`;
  if (/^\d\d-.+\.md$/.test(name) && !(rel in generated.files)) {
    fs.rmSync(path.join(root, rel));
    console.log(`removed ${rel}`);
  }
}
for (const [rel, text] of Object.entries(generated.files)) {
  if (read(rel) === text) continue;
  fs.writeFileSync(path.join(root, rel), text);
  console.log(`wrote ${rel}`);
}
const pkgPath = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as { contributes: Record<string, unknown> };
pkg.contributes.walkthroughs = [generated.contribution];
const text = `${JSON.stringify(pkg, null, 2)}\n`;
if (text !== fs.readFileSync(pkgPath, 'utf8')) {
  fs.writeFileSync(pkgPath, text);
  console.log('updated contributes.walkthroughs in package.json');
}
