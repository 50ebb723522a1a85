/** Where each rule's documentation page lives, for diagnostics, hovers and SARIF. */
import pkg from '../../../package.json';

const REPOSITORY = (pkg.repository as { url: string }).url.replace(/\.git$/, '');

export function ruleDocsUrl(code: string): string {
  return `${REPOSITORY}/blob/main/docs/rules/${code}.md`;
}

export const TOOL_NAME = 'pipeline-seams';
export const TOOL_VERSION: string = pkg.version;
export const TOOL_HOMEPAGE: string = pkg.homepage;
