import { dualWrite } from '../../../server/src/rules/outbox/dual-write';
import { outboxRuleTester } from './fixInvariants';
import { invalid, valid } from './OBX003/cases';

outboxRuleTester(dualWrite, { valid, invalid });
