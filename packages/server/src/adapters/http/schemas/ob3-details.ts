import { Type } from 'typebox';
import { CREDIT_UNITS, RESULT_STATUSES } from '@laurel/core';
import { StringEnum } from './common.js';

const Key = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'Local key (letters, digits, - and _), unique in its list' });
const Text = (maxLength: number) => Type.String({ maxLength });

export const RubricLevel = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Text(5000)),
    level: Type.Optional(Text(100)),
    points: Type.Optional(Text(50)),
  },
  { additionalProperties: false },
);

export const ResultDescription = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    resultType: Type.String({
      maxLength: 100,
      description: 'OB 3.0 ResultType: GradePointAverage, LetterGrade, Percent, PerformanceLevel, PredictedScore, RawScore, Result, RubricCriterion, RubricCriterionLevel, RubricScore, ScaledScore, Status, or ext:<name>',
    }),
    allowedValue: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    requiredValue: Type.Optional(Text(100)),
    requiredLevel: Type.Optional(Type.String({ maxLength: 40, description: 'Key of the rubric level required' })),
    valueMin: Type.Optional(Text(50)),
    valueMax: Type.Optional(Text(50)),
    rubricCriterionLevel: Type.Optional(Type.Array(RubricLevel, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export const AchievementDetails = Type.Object(
  {
    resultDescriptions: Type.Optional(Type.Array(ResultDescription, { maxItems: 20 })),
    creditsAvailable: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'OB 3.0 creditsAvailable (e.g. ECTS credits or CE units)' })),
    creditUnit: Type.Optional(StringEnum(CREDIT_UNITS, { description: 'What creditsAvailable and creditsEarned count: ECTS, CEU (IACET continuing education units), CreditHour (academic credit hours) or CPD; signed as an OB 3.0 Alignment of targetType ext:CreditUnit' })),
    hours: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'Learning hours (notional study time); signed as an OB 3.0 Alignment of targetType ext:LearningHours' })),
    fieldOfStudy: Type.Optional(Text(200)),
    specialization: Type.Optional(Text(200)),
    humanCode: Type.Optional(Type.String({ maxLength: 100, description: 'The code people use for it, e.g. a course code' })),
    inLanguage: Type.Optional(Type.String({ maxLength: 35, description: 'BCP 47 language of name and description' })),
    translations: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }),
        Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Text(20_000)) }, { additionalProperties: false }),
        { description: 'Name and description in other languages, keyed by BCP 47 tag', maxProperties: 30 },
      ),
    ),
  },
  { additionalProperties: false, description: 'Open Badges 3.0 Achievement details' },
);

export const AwardResult = Type.Object(
  {
    resultDescription: Type.String({ maxLength: 40, description: 'Key of one of the achievement\'s result descriptions' }),
    value: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    achievedLevel: Type.Optional(Type.String({ maxLength: 40, description: 'Key of the rubric level achieved' })),
    status: Type.Optional(StringEnum(RESULT_STATUSES)),
  },
  { additionalProperties: false },
);
