// Generated from preflight-core's domain::limits by `make bindings`; do not edit.
import type { Limits } from './Limits';

export const LIMITS: Limits = {
  "projectName": 120,
  "projectDescription": 2000,
  "northStar": 280,
  "leadingMetric": 200,
  "successCriterion": 500,
  "successCriteria": 20,
  "pillarName": 120,
  "pillarDescription": 500,
  "evidence": 4000,
  "internalNote": 4000,
  "pillarOwner": 120,
  "milestoneName": 120,
  "frameworkName": 128,
  "gapTitle": 200,
  "gapCategory": 60,
  "gapNotes": 4000,
  "gapOwner": 120,
  "deferNote": 500,
  "cell": 4000,
  "nextReview": 120,
  "complianceOwner": 120,
  "control": 200,
  "questionTitle": 512,
  "questionText": 4096,
  "answerNote": 2000
};
