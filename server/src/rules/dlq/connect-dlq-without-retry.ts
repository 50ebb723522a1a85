/**
 * DLQ002 connect-dlq-without-retry: a Kafka Connect sink tolerates all errors and has a dead-letter
 * topic, but `errors.retry.timeout` is absent or `0`, so a transient failure dead-letters good
 * records instead of being retried.
 */
import type { Fix, Rule } from '../../engine/types';
import { connectorConfigs, isSinkConnector, isZero, literal, type ConfigEntry, type ConnectorConfig } from '../cdc/connectorConfig';

/** Five minutes of retries ride out a registry restart or a broker election. */
export const RETRY_TIMEOUT_MS = '300000';
/** Connect's own default cap on the backoff between retries. */
export const RETRY_DELAY_MAX_MS = '60000';

export const connectDlqWithoutRetry: Rule = {
  code: 'DLQ002',
  name: 'connect-dlq-without-retry',
  family: 'dlq',
  severity: 'warning',
  summary: 'A Kafka Connect sink sends failed records to its dead-letter topic without retrying transient failures first',
  explanation: {
    why:
      'With `errors.tolerance=all` and `errors.deadletterqueue.topic.name`, a sink record whose conversion or transformation ' +
      'fails is written to the dead-letter topic and skipped. `errors.retry.timeout` decides how long Connect first retries a ' +
      '*retriable* failure, and its default `0` means not at all. A schema registry that is unreachable for thirty seconds, or ' +
      'a broker failover, then sends every record of that window to the dead-letter topic although a retry moments later ' +
      'would have succeeded: good data is quarantined, the topic fills with noise that hides the real poison records, and ' +
      'someone has to replay it by hand. Permanent failures (bytes that will never deserialize) are not retried either way ' +
      'and still go straight to the dead-letter topic, which is what it is for.',
    fix:
      'Adds `errors.retry.timeout=300000` (retry a retriable failure for up to five minutes) and ' +
      '`errors.retry.delay.max.ms=60000` (exponential backoff, at most a minute between attempts). While a record is retried ' +
      'the task does not move on, so choose a timeout the pipeline can afford to stall; `-1` retries forever.',
  },
  kinds: ['json', 'yaml', 'properties'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  // only a connector with a dead-letter topic is checked
  trigger: /deadletterqueue/i,
  check({ doc, report }) {
    for (const config of connectorConfigs(doc)) {
      if (!isSinkConnector(config)) continue;
      if (literal(config.get('errors.tolerance'))?.toLowerCase() !== 'all') continue;
      const dlq = config.get('errors.deadletterqueue.topic.name');
      if (!dlq?.value?.trim()) continue;
      const retry = config.get('errors.retry.timeout');
      if (retry) {
        const value = literal(retry);
        if (value === undefined || !isZero(value)) continue;
      } else if (config.templated) {
        continue;
      }
      const anchor = retry ?? dlq;
      const fix = retryFix(config, retry);
      report({
        start: anchor.keyStart,
        end: anchor.valueEnd,
        message: `Failed records go to the dead-letter topic without a retry: \`errors.retry.timeout\` is ${retry ? '`0`' : 'not set'}`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

function retryFix(config: ConnectorConfig, retry: ConfigEntry | undefined): Fix | undefined {
  const delay = config.get('errors.retry.delay.max.ms');
  const delayEntry = { key: 'errors.retry.delay.max.ms', value: RETRY_DELAY_MAX_MS, numeric: true };
  let edits;
  if (retry) {
    const changed = config.setValue(retry, RETRY_TIMEOUT_MS, true);
    if (!changed) return undefined;
    edits = [...changed, ...((delay ? [] : config.insert([delayEntry], retry)) ?? [])];
  } else {
    const lastErrorsKey = [...config.entries].reverse().find((e) => e.key.startsWith('errors.'));
    edits = config.insert([{ key: 'errors.retry.timeout', value: RETRY_TIMEOUT_MS, numeric: true }, ...(delay ? [] : [delayEntry])], lastErrorsKey);
  }
  if (!edits || edits.length === 0) return undefined;
  return {
    title: 'Retry transient failures for up to 5 minutes before dead-lettering (`errors.retry.timeout`, `errors.retry.delay.max.ms`)',
    safety: 'safe',
    edits,
  };
}
