import { splitOutboxTransaction } from '../../../server/src/rules/outbox/split-outbox-transaction';
import { outboxRuleTester } from './fixInvariants';
import * as code from './OBX002/code';
import * as sql from './OBX002/sql';

outboxRuleTester(splitOutboxTransaction, {
  valid: [...sql.valid, ...code.valid],
  invalid: [...sql.invalid, ...code.invalid],
});
