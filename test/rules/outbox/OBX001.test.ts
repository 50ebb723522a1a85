import { markBeforePublish } from '../../../server/src/rules/outbox/mark-before-publish';
import { outboxRuleTester } from './fixInvariants';
import * as ecmascript from './OBX001/ecmascript';
import * as go from './OBX001/go';
import * as java from './OBX001/java';
import * as python from './OBX001/python';

outboxRuleTester(markBeforePublish, {
  valid: [...python.valid, ...ecmascript.valid, ...java.valid, ...go.valid],
  invalid: [...python.invalid, ...ecmascript.invalid, ...java.invalid, ...go.invalid],
});
