/**
 * English UI strings; this object is the schema every other locale must match key for key
 * (checked by the type `Messages` and by test/renderer/i18n.test.ts). No '@', '|', '{' or '}' in
 * literal text: they are vue-i18n syntax.
 */
export const en = {
  app: { name: 'RTC Workbench' },
  header: {
    language: 'Language',
    themeToDark: 'Switch to dark theme',
    themeToLight: 'Switch to light theme',
    themeDark: 'Dark',
    themeLight: 'Light',
  },
  locale: { 'zh-CN': '简体中文', en: 'English' },
  common: { loading: 'Loading…', refresh: 'Refresh', dismiss: 'Dismiss', retry: 'Retry', none: '—' },
  cases: {
    heading: 'Cases',
    search: 'Search title, customer, tags',
    empty: 'No cases yet. Import a log bundle to start one.',
    noMatch: 'No case matches “{query}”.',
    demo: 'demo',
    back: 'All cases',
    col: {
      title: 'Title', customer: 'Customer', scenario: 'Scenario', priority: 'Priority', status: 'Status',
      bundles: 'Bundles', updated: 'Updated',
    },
  },
  scenario: {
    'conversational-ai': 'Conversational AI', 'live-show': 'Live show', '1v1-social': '1v1 social',
    'going-global': 'Going global', education: 'Education', other: 'Other',
  },
  status: { new: 'New', investigating: 'Investigating', escalated: 'Escalated', resolved: 'Resolved', closed: 'Closed' },
  importer: {
    button: 'Import bundle…',
    intoCase: 'Add bundle to this case…',
    uploading: 'Uploading {name}…',
    dropNew: 'Drop a log bundle to import it as a new case',
    dropInto: 'Drop a log bundle to add it to this case',
  },
  jobs: {
    label: 'Import progress',
    cancel: 'Cancel',
    bytes: '{done} of {total}',
    stage: { read: 'Reading', parse: 'Parsing', store: 'Saving' },
    state: { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' },
  },
  notices: {
    importWarnings: 'Imported with {count} diagnostics',
    showDiagnostics: 'Show diagnostics',
    moreDiagnostics: '… and {count} more',
  },
  errors: {
    UNKNOWN_METHOD: 'The workbench does not know this request',
    INVALID_INPUT: 'Invalid request',
    UNAUTHORIZED: 'Not authorized: open the address the workbench server printed',
    NOT_FOUND: 'Not found',
    NOT_A_BUNDLE: 'Not a file the workbench can read',
    IMPORT_FAILED: 'Import failed',
    CANCELLED: 'Cancelled',
    CONFLICT: 'Conflict',
    BUSY: 'The workbench is busy',
    INTERNAL: 'Something went wrong',
  },
  caseView: {
    customer: 'Customer', appVersion: 'App version', scenario: 'Scenario', priority: 'Priority', status: 'Status',
    tier: 'Tier', owner: 'Owner', tags: 'Tags', created: 'Created', updated: 'Updated',
    bundles: 'Bundles and entries',
    noBundles: 'No bundle in this case yet.',
    imported: 'imported {time}',
    col: { path: 'Path', kind: 'Kind', format: 'Format', encoding: 'Encoding', participant: 'Participant', size: 'Size', diagnostics: 'Diagnostics' },
    diagnosticsCount: '{count} diagnostics',
  },
  severity: { info: 'info', warning: 'warning', error: 'error' },
  stream: {
    picker: 'Stream',
    kind: { audio: 'audio', video: 'video' },
    direction: { send: 'send', recv: 'recv' },
    noCodec: 'codec?',
  },
  timeline: {
    heading: 'Timeline',
    noStreams: 'No media stream in this case.',
    noData: 'no data',
    zoomHint: 'Drag across a chart to zoom; double-click to reset.',
    resetZoom: 'Reset zoom',
    panel: { bitrate: 'Bitrate (kbps)', loss: 'Packet loss (%)', delay: 'RTT and jitter (ms)' },
  },
  events: {
    heading: 'Events',
    empty: 'No events.',
    shown: 'Showing {shown} of {total}',
    col: { time: 'Time', type: 'Type', severity: 'Severity', message: 'Message' },
  },
}

/** The shape of a locale: the same keys as `en`, any strings. */
export type Messages<T = typeof en> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }
