/**
 * Telling a side effect from bookkeeping. A call that only reads or converts its input (parse,
 * decode, len), or that only logs or counts, is not the work a message exists for; anything else
 * that touches the message is.
 */
import type { CallSite } from '../../code/codeModel';
import type { CodeKind } from '../../parsing/fileKinds';

const PURE_NAMES: Record<CodeKind | 'common', readonly string[]> = {
  common: ['parse', 'loads', 'decode', 'deserialize', 'validate', 'format', 'toString', 'String', 'Number'],
  python: [
    'int', 'str', 'float', 'bool', 'bytes', 'len', 'dict', 'list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed',
    'isinstance', 'issubclass', 'getattr', 'hasattr', 'repr', 'type', 'id', 'hash', 'min', 'max', 'sum', 'any', 'all',
    'enumerate', 'zip', 'range', 'map', 'filter', 'iter', 'next', 'round', 'abs', 'vars',
    'get', 'keys', 'values', 'items', 'copy', 'strip', 'lower', 'upper', 'split', 'join', 'encode', 'startswith',
    'endswith', 'replace', 'model_validate', 'parse_obj', 'parse_raw', 'from_dict', 'to_dict', 'model_dump', 'dumps',
    'uuid4', 'now', 'utcnow', 'time', 'monotonic',
  ],
  typescript: ['JSON.parse', 'JSON.stringify', 'parseInt', 'parseFloat', 'Boolean', 'BigInt', 'from', 'toJSON', 'trim', 'toLowerCase', 'toUpperCase', 'split', 'slice', 'map', 'filter', 'includes', 'has', 'get', 'keys', 'values', 'entries', 'isArray', 'now'],
  tsx: [],
  javascript: [],
  java: ['valueOf', 'toString', 'equals', 'hashCode', 'getClass', 'readValue', 'readTree', 'fromJson', 'toJson', 'of', 'ofNullable', 'isPresent', 'isEmpty', 'size', 'length', 'get', 'getOrDefault', 'contains', 'containsKey', 'format', 'trim', 'now'],
  go: ['Unmarshal', 'Marshal', 'Sprintf', 'Errorf', 'New', 'len', 'cap', 'make', 'append', 'string', 'Itoa', 'Atoi', 'ParseInt', 'Now', 'Since'],
};

// `is_valid` / `isValid` / `has_key` read; `issue_refund` and `hash_password` are words of their own
const PREFIXES = /^(parse|decode|deserialize|validate|is_|is[A-Z]|has_|has[A-Z]|to_|to[A-Z]|from_|from[A-Z]|as_|as[A-Z])/;

const LOGGING_RECEIVER = /(^|\.|_)(log|logger|logging|LOG|LOGGER|Log|Logger|console|metrics|statsd|meter|tracer|span|otel|sentry|fmt|slog|zap|sugar|klog)$/i;
const LOGGING_NAMES = new Set(['print', 'println', 'printf', 'Println', 'Printf', 'Print', 'Fatalf', 'Fatal', 'Panicf']);

function pureNames(kind: CodeKind): Set<string> {
  const ecma = kind === 'tsx' || kind === 'javascript' ? PURE_NAMES.typescript : [];
  return new Set([...PURE_NAMES.common, ...PURE_NAMES[kind], ...ecma]);
}
const PURE_CACHE = new Map<CodeKind, Set<string>>();

/**
 * Names of loggers, metrics, tracing and atomics, as one segment of a receiver chain:
 * `log.WithFields(…).Debug`, `h.logger.With(…).Info`, `Span.current().setAttribute`, `MDC.put`.
 */
const BOOKKEEPING_SEGMENT =
  /^_?(log|logger|logging|console|metrics|statsd|meter|meterregistry|registry|tracer|tracing|span|otel|opentelemetry|sentry|sentry_sdk|fmt|slog|zap|sugar|klog|structlog|logrus|mdc|atomic|prometheus)$/i;

export function isLoggingCall(call: CallSite): boolean {
  if (!call.receiver) return LOGGING_NAMES.has(call.name);
  if (LOGGING_RECEIVER.test(call.receiver)) return true;
  // judge a chained call by where the chain starts, before any call in it
  const root = call.receiver.split('(')[0]!;
  return root.split(/\.|\?\./).some((segment) => BOOKKEEPING_SEGMENT.test(segment.trim()));
}

/** A call that only reads or converts (no effect worth ordering against). */
export function isPureCall(kind: CodeKind, call: CallSite): boolean {
  let names = PURE_CACHE.get(kind);
  if (!names) PURE_CACHE.set(kind, (names = pureNames(kind)));
  return names.has(call.name) || names.has(call.callee) || PREFIXES.test(call.name);
}
