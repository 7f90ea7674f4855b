/**
 * Rows 1-60 of KNOWLEDGE-AUDIT.md §1a (customization tables) re-checked against the bundled catalog with the verdict-corrected value.
 * Row numbers are the audit's.
 */
import { CustomizationType } from '../../lib/catalog/types';
import {
  catalog,
  TODAY,
  E1,
  W2,
  tunable,
  NOVA2,
  CANVAS,
  LITE,
  MICRO,
  PRO,
  PREMIER,
  TIG2,
  MMEMB,
  HAIKU3,
  L31_8,
  L31_70,
  L31_405,
  L32,
  L33,
} from './audit-ids';

const regionsOf = (id: string, type: CustomizationType) =>
  catalog.model(id)?.customization[type]?.regions ?? [];
const status = (id: string, region?: string) => catalog.lifecycle(id, region, TODAY).status;
const copies = (id: string) => catalog.model(id)?.copyDestinations?.regions ?? [];

const FIFTEEN = 15;

describe('audit §1a customization tables (rows 1-60)', () => {
  test.each<[number, () => void]>([
    [1, () => expect(tunable(NOVA2, 'FINE_TUNING', E1).ok).toBe(true)],
    [2, () => expect(regionsOf(NOVA2, 'REINFORCEMENT_FINE_TUNING')).toEqual([E1])],
    [3, () => expect(catalog.model(NOVA2)?.onDemandDeployment?.regions).toEqual([E1])],
    [4, () => expect(catalog.model(NOVA2)?.copyDestinations).toBeUndefined()],
    [
      5,
      () => {
        expect(regionsOf(CANVAS, 'FINE_TUNING')).toEqual([E1]);
        expect(catalog.model(CANVAS)?.customization.FINE_TUNING?.closedByLifecycle).toMatch(/EOL/);
        expect(tunable(CANVAS, 'FINE_TUNING', E1).reason).toBe('lifecycle');
      },
    ],
    [6, () => expect(copies(CANVAS)).toEqual(['ap-northeast-2', 'eu-west-1', E1])],
    [7, () => expect(tunable(LITE, 'FINE_TUNING', E1).ok).toBe(true)],
    [8, () => expect(catalog.liveTeachers(LITE, E1, TODAY)).toEqual(['amazon.nova-pro-v1:0'])],
    [9, () => expect(copies(LITE)).toHaveLength(FIFTEEN)],
    [10, () => expect(catalog.model(LITE)?.onDemandDeployment?.regions).toEqual([E1])],
    [11, () => expect(tunable(MICRO, 'FINE_TUNING', E1).ok).toBe(true)],
    [12, () => expect(catalog.liveTeachers(MICRO, E1, TODAY)).toEqual(['amazon.nova-pro-v1:0'])],
    [13, () => expect(copies(MICRO)).toHaveLength(FIFTEEN)],
    [14, () => expect(catalog.model(MICRO)?.onDemandDeployment?.regions).toEqual([E1])],
    [15, () => expect(tunable(PRO, 'FINE_TUNING', E1).ok).toBe(true)],
    [16, () => expect(tunable(PRO, 'DISTILLATION', E1).reason).toBe('no-live-teacher')],
    [
      17,
      () =>
        expect(catalog.liveStudents(PRO, E1, TODAY).sort()).toEqual([
          'amazon.nova-lite-v1:0',
          'amazon.nova-micro-v1:0',
        ]),
    ],
    [18, () => expect(copies(PRO)).toHaveLength(FIFTEEN)],
    [19, () => expect(catalog.model(PRO)?.onDemandDeployment?.regions).toEqual([E1])],
    [
      20,
      () =>
        expect(catalog.lifecycle(PREMIER, E1, TODAY)).toMatchObject({
          status: 'EOL',
          legacyDate: '2026-03-13',
          eolDate: '2026-09-14',
        }),
    ],
    [
      21,
      () => {
        expect(regionsOf(TIG2, 'FINE_TUNING')).toEqual([E1, W2]);
        expect(catalog.lifecycle(TIG2, W2, TODAY)).toMatchObject({
          status: 'EOL',
          eolDate: '2026-06-30',
        });
        expect(tunable(TIG2, 'FINE_TUNING', E1).reason).toBe('lifecycle');
      },
    ],
    [
      22,
      () => expect([E1, W2].map((r) => tunable(MMEMB, 'FINE_TUNING', r).ok)).toEqual([true, true]),
    ],
    [23, () => expect(copies(MMEMB)).toHaveLength(9)],
    [
      24,
      () =>
        expect(catalog.lifecycle(HAIKU3, W2, TODAY)).toMatchObject({
          status: 'EOL',
          eolDate: '2026-09-10',
        }),
    ],
    [25, () => expect(copies(HAIKU3)).toHaveLength(6)],
    [26, () => expect(regionsOf(L31_8, 'FINE_TUNING')).toEqual([W2])],
    [27, () => expect(catalog.liveTeachers(L31_8, W2, TODAY)).toEqual([])],
    [28, () => expect(copies(L31_8)).toEqual([E1, 'us-east-2', W2])],
    [29, () => expect(regionsOf(L31_70, 'FINE_TUNING')).toEqual([W2])],
    [30, () => expect(tunable(L31_70, 'DISTILLATION', W2).ok).toBe(false)],
    [31, () => expect(catalog.liveStudents(L31_70, W2, TODAY)).toEqual([])],
    [32, () => expect(copies(L31_70)).toEqual([E1, 'us-east-2', W2])],
    [33, () => expect(status(L31_405, W2)).toBe('EOL')],
    [34, () => expect(copies(L31_405)).toEqual([E1, 'us-east-2', W2])],
    [35, () => expect(tunable(L32[0]!, 'FINE_TUNING', W2).reason).toBe('lifecycle')],
    [36, () => expect(tunable(L32[0]!, 'DISTILLATION', W2).reason).toBe('lifecycle')],
    [37, () => expect(copies(L32[0]!)).toHaveLength(6)],
    [38, () => expect(tunable(L32[1]!, 'FINE_TUNING', W2).reason).toBe('lifecycle')],
    [39, () => expect(tunable(L32[1]!, 'DISTILLATION', W2).reason).toBe('lifecycle')],
    [40, () => expect(tunable(L32[2]!, 'FINE_TUNING', W2).reason).toBe('lifecycle')],
    [41, () => expect(tunable(L32[3]!, 'FINE_TUNING', W2).reason).toBe('lifecycle')],
    [42, () => expect(L32.slice(1).map((id) => copies(id).length)).toEqual([3, 3, 3])],
    [
      43,
      () => {
        expect(regionsOf(L33, 'FINE_TUNING')).toEqual([W2]);
        expect(catalog.lifecycle(L33, W2, TODAY)).toMatchObject({
          status: 'LEGACY',
          eolDate: '2027-03-30',
          legacyDate: undefined,
        });
        expect(tunable(L33, 'FINE_TUNING', W2).reason).toBe('lifecycle');
      },
    ],
    [44, () => expect(catalog.liveTeachers(L33, W2, TODAY)).toEqual([])],
    [45, () => expect(catalog.liveStudents(L33, W2, TODAY)).toEqual([])],
    [46, () => expect(catalog.model(L33)?.onDemandDeployment?.regions).toEqual([W2])],
    [47, () => expect(catalog.model(L33)?.copyDestinations).toBeUndefined()],
    [
      48,
      () => expect(tunable('openai.gpt-oss-20b', 'REINFORCEMENT_FINE_TUNING', W2).ok).toBe(true),
    ],
    [
      49,
      () => {
        expect(regionsOf('qwen.qwen3-32b', 'REINFORCEMENT_FINE_TUNING')).toEqual([W2]);
        expect(
          catalog.customizableIn(W2, 'REINFORCEMENT_FINE_TUNING', TODAY).map((m) => m.name),
        ).toEqual(['gpt-oss-20b', 'Qwen3 32B']);
      },
    ],

    [
      50,
      () => expect(tunable('openai.gpt-oss-20b', 'FINE_TUNING', W2).reason).toBe('no-such-type'),
    ],
    [
      51,
      () =>
        expect(
          tunable('amazon.titan-text-express-v1:0:8k', 'CONTINUED_PRE_TRAINING', E1).reason,
        ).toBe('lifecycle'),
    ],
    [
      52,
      () =>
        expect(tunable('amazon.titan-text-lite-v1:0:4k', 'FINE_TUNING', W2).reason).toBe(
          'lifecycle',
        ),
    ],
    [
      53,
      () => {
        expect(
          catalog.model('amazon.titan-image-generator-v1:0')?.customization.FINE_TUNING?.note,
        ).toMatch(/Unsourced: no current AWS source/);
        expect(status('amazon.titan-image-generator-v1:0', E1)).toBe('UNKNOWN');
      },
    ],
    [
      54,
      () =>
        expect(tunable('amazon.titan-text-premier-v1:0:32k', 'FINE_TUNING', E1).reason).toBe(
          'lifecycle',
        ),
    ],
    [55, () => expect(status('cohere.command-light-text-v14:7:4k', E1)).toBe('EOL')],
    [
      56,
      () =>
        expect(catalog.model('meta.llama2-13b-v1:0:4k')?.customization.FINE_TUNING?.note).toMatch(
          /Unsourced/,
        ),
    ],
    [
      57,
      () =>
        expect(catalog.model('meta.llama2-70b-v1:0:4k')?.customization.FINE_TUNING?.note).toMatch(
          /Unsourced/,
        ),
    ],
    [
      58,
      () => {
        expect(copies(LITE)).toContain('us-gov-west-1');
        expect(
          catalog.regionFacts('us-gov-west-1').sources.provisionedThroughputNoCommitOnly,
        ).toBeDefined();
        expect(catalog.data.regionFacts.provisionedThroughputNoCommitOnly).toMatchObject({
          known: true,
          regions: ['us-gov-west-1'],
        });
      },
    ],
    [
      59,
      () =>
        expect(catalog.customizableIn(W2, 'FINE_TUNING', TODAY).map((m) => m.name)).toEqual([
          'Titan Multimodal Embeddings G1',
        ]),
    ],
    [
      60,
      () =>
        expect(catalog.customizableIn(E1, 'FINE_TUNING', TODAY).map((m) => m.name)).toEqual([
          'Nova 2 Lite',
          'Nova Lite',
          'Nova Micro',
          'Nova Pro',
          'Titan Multimodal Embeddings G1',
        ]),
    ],
  ])('row %i', (_row, check) => check());
});
