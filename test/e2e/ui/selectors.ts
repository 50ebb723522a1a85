/**
 * DOM selectors of the VS Code workbench the UI scenarios drive. They belong to the pinned version
 * (code-server 4.100.3 = VS Code 1.100.3): when bumping it, rerun the scenarios and fix them here.
 */
export const WORKBENCH = '.monaco-workbench';
export const EXPLORER_ROW = '.explorer-folders-view .monaco-list-row';

export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_ROW = '.quick-input-widget .quick-input-list .monaco-list-row';

export const ACTIVE_TAB = '.tabs-container .tab.active';
/** The active tab while its editor has unsaved changes, and once they are saved. */
export const DIRTY_TAB = '.tabs-container .tab.active.dirty';
export const CLEAN_TAB = '.tabs-container .tab.active:not(.dirty)';
export const EDITOR = '.editor-instance .monaco-editor';
export const EDITOR_LINE = '.monaco-editor .view-lines .view-line';
export const SQUIGGLE = {
  error: '.monaco-editor .squiggly-error',
  warning: '.monaco-editor .squiggly-warning',
  info: '.monaco-editor .squiggly-info',
} as const;

export const HOVER = '.monaco-hover';

/** The Ctrl+. menu: a list of code actions. */
export const ACTION_WIDGET = '.action-widget';
export const ACTION_ROW = '.action-widget .monaco-list-row.action';

export const PROBLEMS_PANEL = '.markers-panel';
export const PROBLEM_ROW = '.markers-panel .monaco-list-row';
/** Inside a problem row: the diagnostic's code, rendered as a link when it carries a target URI. */
export const PROBLEM_CODE_LINK = 'a.monaco-link';

export const DIALOG = '.monaco-dialog-box';
export const DIALOG_BUTTON = '.monaco-dialog-box .dialog-buttons .monaco-button';

/** A walkthrough opens in the Welcome editor. */
export const WALKTHROUGH = '.gettingStartedContainer';
/** Webview panels render in iframes; their content lives in a nested frame. */
export const WEBVIEW = 'iframe.webview';
export const WEBVIEW_CONTENT = 'iframe#active-frame';
