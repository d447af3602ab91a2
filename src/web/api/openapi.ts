/**
 * The OpenAPI 3.1 document of the JSON API, served at /api/v1/openapi.json.
 * It is the contract: the tests validate the document itself and every
 * response they receive against it (test/support/openapi-contract.ts), so a
 * route and its description cannot drift apart unnoticed.
 */
import type { ApiScope } from '../../app/api/tokens';

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type Schema = { readonly [key: string]: Json };

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (description: string, schema: Schema, extra: Schema = {}) => ({
  description,
  content: { 'application/json': { schema, ...extra } },
});

const ERRORS = {
  '400': problem('パラメータやJSONの形が正しくない（code: bad-request, bad-json）'),
  '401': problem('トークンがない・知らない・取り消された・期限切れ（code: unauthorized）。WWW-Authenticate: Bearer を返す'),
  '403': problem('トークンにこの操作の権限（scope）がない（code: insufficient-scope）'),
  '429': problem('要求が多すぎる（code: rate-limited）'),
} as const;

const SCOPE_TEXT: Readonly<Record<ApiScope, string>> = {
  read: '`read`（読み取り）',
  absences: '`absences`（休暇の登録・取消）',
  staff: '`staff`（職員マスタ）',
};

/** An operation behind a bearer token with one of `scopes`. */
function op(summary: string, description: string, scopes: readonly ApiScope[], responses: Schema, extra: Schema = {}): Schema {
  return {
    summary,
    description: `${description}\n\n必要な権限: ${scopes.map((s) => SCOPE_TEXT[s]).join(' または ')}`,
    security: [{ bearer: [] }],
    'x-required-scope': [...scopes],
    ...extra,
    responses: { ...ERRORS, ...responses },
  };
}

/** An operation of the logged-in person (/api/v1/me): the session, not a token. */
function mine(summary: string, description: string, responses: Schema, extra: Schema = {}): Schema {
  return {
    summary,
    description: `${description}\n\nログイン中のブラウザのセッションで使う（トークンでは使えない）。`,
    security: [{ session: [] }],
    ...extra,
    responses: { '400': ERRORS['400'], '401': problem('ログインしていない（code: unauthorized）'), ...responses },
  };
}

const weekParam = {
  name: 'week',
  in: 'path',
  required: true,
  description: 'ISO週（例: 2026-W48）',
  schema: { type: 'string', pattern: '^\\d{4}-W\\d{2}$' },
  example: '2026-W48',
};
const employeeParam = {
  name: 'employeeNumber',
  in: 'path',
  required: true,
  description: '職員番号',
  schema: { type: 'string', maxLength: 32 },
  example: 'S0001',
};

/** Where a telework day is: a place's name (サテライトオフィス, 支所), null at home and on office or leave days. */
const PLACE = { type: ['string', 'null'], description: 'テレワークの場所（サテライトオフィス等）の名前。自宅・出勤・休暇は null' } as const;

const person = {
  type: 'object',
  required: ['employeeNumber', 'name'],
  additionalProperties: false,
  properties: { employeeNumber: { type: 'string' }, name: { type: 'string' } },
};

const schemas: Schema = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 の問題詳細。`code` は変わらない識別子、`detail` は何が悪いかを日本語で示す。',
    required: ['type', 'title', 'status', 'code', 'detail'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      code: {
        type: 'string',
        enum: [
          'bad-request',
          'bad-json',
          'unauthorized',
          'insufficient-scope',
          'forbidden',
          'not-found',
          'invalid',
          'conflict',
          'deadline',
          'precondition-failed',
          'precondition-required',
          'too-large',
          'rate-limited',
          'internal',
        ],
      },
      detail: { type: 'string' },
      problems: { type: 'array', items: { type: 'string' }, description: '項目ごとの問題（1行ずつ）' },
      requestId: { type: 'string' },
    },
  },
  Person: person,
  RosterDay: {
    type: 'object',
    required: ['date', 'closed', 'telework', 'office', 'absent'],
    additionalProperties: false,
    properties: {
      date: { type: 'string', format: 'date' },
      closed: { type: ['string', 'null'], description: '閉庁日の理由（祝日名など）。開庁日は null' },
      telework: {
        type: 'array',
        items: {
          type: 'object',
          required: ['employeeNumber', 'name', 'place'],
          additionalProperties: false,
          properties: { employeeNumber: { type: 'string' }, name: { type: 'string' }, place: PLACE },
        },
      },
      office: {
        type: 'array',
        items: {
          type: 'object',
          required: ['employeeNumber', 'name', 'counter'],
          additionalProperties: false,
          properties: { employeeNumber: { type: 'string' }, name: { type: 'string' }, counter: { type: ['string', 'null'] } },
        },
      },
      absent: { type: 'array', items: ref('Person') },
    },
  },
  DivisionRoster: {
    type: 'object',
    required: ['code', 'name', 'status', 'version', 'publishedAt', 'days'],
    additionalProperties: false,
    properties: {
      code: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'string', enum: ['published', 'unpublished'] },
      version: { type: ['integer', 'null'], description: '公開された最新の版' },
      publishedAt: { type: ['string', 'null'], format: 'date-time' },
      days: { type: 'array', items: ref('RosterDay'), description: '未公開の課は空' },
    },
  },
  WeekRoster: {
    type: 'object',
    required: ['week', 'divisions'],
    additionalProperties: false,
    properties: { week: { type: 'string' }, divisions: { type: 'array', items: ref('DivisionRoster') } },
  },
  TeleworkDays: {
    type: 'object',
    required: ['employeeNumber', 'name', 'month', 'weeks', 'days', 'teleworkDays'],
    additionalProperties: false,
    properties: {
      employeeNumber: { type: 'string' },
      name: { type: 'string' },
      month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
      weeks: {
        type: 'array',
        items: {
          type: 'object',
          required: ['week', 'status', 'version'],
          additionalProperties: false,
          properties: {
            week: { type: 'string' },
            status: { type: 'string', enum: ['published', 'unpublished'] },
            version: { type: ['integer', 'null'] },
          },
        },
      },
      days: {
        type: 'array',
        items: {
          type: 'object',
          required: ['date', 'mode', 'counter', 'place'],
          additionalProperties: false,
          properties: {
            date: { type: 'string', format: 'date' },
            mode: { type: 'string', enum: ['telework', 'office', 'absent'] },
            counter: { type: ['string', 'null'] },
            place: PLACE,
          },
        },
      },
      teleworkDays: { type: 'integer', minimum: 0 },
    },
  },
  TeleworkRequest: {
    type: 'object',
    required: ['id', 'employeeNumber', 'name', 'division', 'date', 'rank', 'reason', 'reasonLabel', 'status'],
    additionalProperties: false,
    properties: {
      id: { type: 'integer' },
      employeeNumber: { type: 'string' },
      name: { type: 'string' },
      division: { type: 'string' },
      date: { type: 'string', format: 'date' },
      rank: { type: 'integer', minimum: 1 },
      reason: { type: 'string', enum: ['childcare', 'care', 'health', 'sick-child', 'illness', 'other'] },
      reasonLabel: { type: 'string' },
      status: { type: 'string', enum: ['active', 'pending', 'rejected'] },
    },
  },
  WeekRequests: {
    type: 'object',
    required: ['week', 'requests'],
    additionalProperties: false,
    properties: { week: { type: 'string' }, requests: { type: 'array', items: ref('TeleworkRequest') } },
  },
  AbsenceInput: {
    type: 'object',
    required: ['employeeNumber', 'date'],
    properties: {
      employeeNumber: { type: 'string', description: '職員番号' },
      date: { type: 'string', format: 'date', description: '休暇の日（今日以降の開庁日）' },
    },
    examples: [{ employeeNumber: 'S0001', date: '2026-11-24' }],
  },
  Absence: {
    type: 'object',
    required: ['id', 'employeeNumber', 'date', 'createdBy'],
    additionalProperties: false,
    properties: {
      id: { type: 'integer' },
      employeeNumber: { type: 'string' },
      date: { type: 'string', format: 'date' },
      createdBy: { type: 'string', description: '登録した者（APIからは api:トークン名）' },
    },
  },
  AbsenceOutcome: {
    type: 'object',
    required: ['absence', 'published', 'changes'],
    additionalProperties: false,
    properties: {
      absence: ref('Absence'),
      created: { type: 'boolean', description: 'false: すでに登録済みで、何も変えていない（同じ要求の繰り返し）' },
      published: {
        type: 'array',
        description: '新しい版がすぐ公開された課',
        items: {
          type: 'object',
          required: ['division', 'version'],
          additionalProperties: false,
          properties: { division: { type: 'string' }, version: { type: 'integer' } },
        },
      },
      changes: { type: 'integer', minimum: 0, description: '公開済みの勤務表で変わった人日の数' },
    },
  },
  MyRequests: {
    type: 'object',
    required: ['week', 'deadline', 'open', 'requests', 'possible', 'possibleDates', 'places'],
    properties: {
      week: { type: 'string' },
      deadline: { type: 'string', format: 'date-time', description: '希望の締切' },
      open: { type: 'boolean', description: '締切前なら true（締切後は緊急の申請として課長に送られる）' },
      requests: {
        type: 'array',
        items: {
          type: 'object',
          required: ['date', 'rank', 'reason', 'status'],
          additionalProperties: false,
          properties: {
            date: { type: 'string', format: 'date' },
            rank: { type: 'integer', minimum: 1 },
            reason: { type: 'string' },
            status: { type: 'string', enum: ['active', 'pending', 'rejected'] },
            place: { type: 'integer', minimum: 1, description: '在宅勤務をする場所の番号（places の id）。自宅のときは省略' },
          },
        },
      },
      possible: {
        type: 'array',
        description: '順番なら在宅勤務できる日（可能日）: 希望ではないが、期間の順番が回れば在宅勤務できる日',
        items: {
          type: 'object',
          required: ['date'],
          additionalProperties: false,
          properties: {
            date: { type: 'string', format: 'date' },
            place: { type: 'integer', minimum: 1, description: '場所の番号。自宅のときは省略' },
          },
        },
      },
      possibleDates: {
        type: 'array',
        description: '可能日にできる日（全員が順番に在宅勤務をする期間の日）。締切後は空',
        items: { type: 'string', format: 'date' },
      },
      places: {
        type: 'array',
        description: '自宅のほかに選べる場所（人事課が登録したサテライトオフィス・支所のうち、受け付けているもの）。人事課の並び順',
        items: {
          type: 'object',
          required: ['id', 'name'],
          additionalProperties: false,
          properties: { id: { type: 'integer', minimum: 1 }, name: { type: 'string' } },
        },
      },
      saved: { type: 'integer', minimum: 0 },
      urgent: { type: 'boolean' },
    },
  },
  MyRequestsInput: {
    type: 'object',
    required: ['requests'],
    description:
      'その週の希望をすべて置き換える（空の配列で取り下げ）。possible を送ると可能日も置き換える（空の配列で取り下げ）。' +
      'possible を省略すると可能日はそのまま（希望を出した日の可能日だけ取り消す）。1日に希望と可能日の両方は持てない。',
    properties: {
      requests: {
        type: 'array',
        items: {
          type: 'object',
          required: ['date', 'rank'],
          properties: {
            date: { type: 'string', format: 'date' },
            rank: { type: 'integer', minimum: 1 },
            reason: { type: 'string', enum: ['childcare', 'care', 'health', 'sick-child', 'illness', 'other'] },
            place: {
              type: ['integer', 'null'],
              minimum: 1,
              description:
                '在宅勤務をする場所の番号（GET の places の id）。省略または null は自宅。登録されていない場所や、受け付けていない場所は 422',
            },
          },
        },
      },
      possible: {
        type: 'array',
        description: '順番なら在宅勤務できる日（可能日）。GET の possibleDates の日だけ。締切後は変更できない（422）',
        items: {
          type: 'object',
          required: ['date'],
          properties: {
            date: { type: 'string', format: 'date' },
            place: { type: ['integer', 'null'], minimum: 1, description: '場所の番号。省略または null は自宅' },
          },
        },
      },
    },
    examples: [
      { requests: [{ date: '2026-11-24', rank: 1, reason: 'childcare' }] },
      { requests: [{ date: '2026-11-24', rank: 1, reason: 'childcare', place: 3 }], possible: [{ date: '2026-11-26' }] },
    ],
  },
  Staff: {
    type: 'object',
    required: [
      'employeeNumber',
      'name',
      'divisionCode',
      'jobType',
      'caregiver',
      'maxTeleworkDays',
      'active',
      'role',
      'counters',
      'email',
      'revision',
    ],
    additionalProperties: false,
    properties: {
      employeeNumber: { type: 'string' },
      name: { type: 'string' },
      divisionCode: { type: 'string' },
      jobType: { type: 'string' },
      caregiver: { type: 'boolean' },
      maxTeleworkDays: { type: ['integer', 'null'] },
      active: { type: 'boolean' },
      role: { type: 'string', enum: ['staff', 'chief', 'hr'] },
      counters: { type: 'array', items: { type: 'string' } },
      email: { type: ['string', 'null'] },
      revision: { type: 'integer', minimum: 1, description: '版。ETag と同じ値' },
    },
  },
  StaffInput: {
    type: 'object',
    description: '新規登録では name・divisionCode・jobType が必須。更新で省いた項目は今の値のまま。',
    additionalProperties: false,
    properties: {
      name: { type: 'string', maxLength: 100 },
      divisionCode: { type: 'string' },
      jobType: { type: 'string', maxLength: 50 },
      caregiver: { type: 'boolean' },
      maxTeleworkDays: { type: ['integer', 'null'], minimum: 0, maximum: 5 },
      active: { type: 'boolean' },
      role: { type: 'string', enum: ['staff', 'chief', 'hr'] },
      counters: { type: 'array', items: { type: 'string' } },
      email: { type: ['string', 'null'] },
    },
    examples: [{ name: '山田 花子', divisionCode: 'jumin', jobType: '一般事務', caregiver: false, active: true }],
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'テレワーク輪番表 API',
    version: '1.0.0',
    description:
      '庶務事務システム・人事システムなどが、公開済みの勤務表・在宅勤務日・申請を読み、休暇と職員マスタを送るためのAPIです。' +
      '人事課が「APIトークン」画面で発行したトークンを `Authorization: Bearer trs_…` で送ります。トークンごとに権限（read・absences・staff）が1つあります。' +
      '日付は ISO 8601（Asia/Tokyo の暦日）、週は ISO週（2026-W48）です。エラーは application/problem+json（RFC 9457）で返します。',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'rotation.sid',
        description: 'ログイン中のブラウザのセッション（/api/v1/me のみ）。書き込みには X-CSRF-Token ヘッダーが必要。',
      },
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'trs_ + 43文字（base64url）',
        description: '人事課が発行するAPIトークン。取り消されたものと期限切れのものは 401。',
      },
    },
    schemas,
  },
  paths: {
    '/api/v1/openapi.json': {
      get: {
        summary: 'このAPIの説明（OpenAPI 3.1）',
        security: [],
        responses: { '200': json('この文書', { type: 'object' }) },
      },
    },
    '/api/v1/weeks/{week}/roster': {
      get: op(
        '全庁の公開済み勤務表（週）',
        '課ごと・日ごとに、在宅勤務・出勤（窓口）・休暇の職員。未公開の課は status: unpublished で日は空。',
        ['read'],
        { '200': json('勤務表', ref('WeekRoster')) },
        { parameters: [weekParam] },
      ),
    },
    '/api/v1/weeks/{week}/divisions/{code}/roster': {
      get: op(
        '1つの課の公開済み勤務表（週）',
        '課コードで1つの課の勤務表。',
        ['read'],
        { '200': json('勤務表', ref('WeekRoster')), '404': problem('課が登録されていない（code: not-found）') },
        {
          parameters: [
            weekParam,
            { name: 'code', in: 'path', required: true, description: '課コード', schema: { type: 'string' }, example: 'jumin' },
          ],
        },
      ),
    },
    '/api/v1/weeks/{week}/requests': {
      get: op(
        '週の在宅勤務の申請',
        '全職員（division を指定するとその課）の、その週の申請と状態。',
        ['read'],
        { '200': json('申請', ref('WeekRequests')), '404': problem('課が登録されていない（code: not-found）') },
        {
          parameters: [weekParam, { name: 'division', in: 'query', required: false, description: '課コード', schema: { type: 'string' } }],
        },
      ),
    },
    '/api/v1/staff/{employeeNumber}/telework-days': {
      get: op(
        '職員の月の在宅勤務日',
        '公開済みの勤務表から、その月の日ごとの勤務。月にかかる週ごとに公開済みかどうかも返す。',
        ['read'],
        { '200': json('在宅勤務日', ref('TeleworkDays')), '404': problem('職員が登録されていない（code: not-found）') },
        {
          parameters: [
            employeeParam,
            {
              name: 'month',
              in: 'query',
              required: true,
              description: '月（例: 2026-11）',
              schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
            },
          ],
        },
      ),
    },
    '/api/v1/staff/{employeeNumber}': {
      get: op(
        '職員マスタの1件',
        '職員の登録内容と版（ETag）。',
        ['read', 'staff'],
        {
          '200': {
            ...json('職員', ref('Staff')),
            headers: { ETag: { description: '版（"3" の形）', schema: { type: 'string' } } },
          },
          '404': problem('職員が登録されていない（code: not-found）'),
        },
        { parameters: [employeeParam] },
      ),
      put: op(
        '職員マスタの登録・更新',
        '人事課の職員画面と同じ検査で登録・更新する。新規は If-Match なし（201）、更新は If-Match に ETag が必要（200）。' +
          '版が古ければ 412 で何も保存しない。',
        ['staff'],
        {
          '200': { ...json('更新した職員', ref('Staff')), headers: { ETag: { description: '新しい版', schema: { type: 'string' } } } },
          '201': { ...json('登録した職員', ref('Staff')), headers: { ETag: { description: '版', schema: { type: 'string' } } } },
          '412': problem('If-Match の版が古い（code: precondition-failed）'),
          '413': problem('本文が大きすぎる（code: too-large）'),
          '422': problem('項目が正しくない。problems に項目ごとの問題（code: invalid）'),
          '428': problem('登録済みの職員の更新に If-Match がない（code: precondition-required）'),
        },
        {
          parameters: [
            employeeParam,
            { name: 'If-Match', in: 'header', required: false, description: '更新時に必須。GET の ETag', schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('StaffInput') } } },
        },
      ),
    },
    '/api/v1/me/csrf-token': {
      get: mine('書き込み用のCSRFトークン', 'PUT のときに X-CSRF-Token ヘッダーで送る値。', {
        '200': json('トークン', {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: { type: 'string' } },
        }),
      }),
    },
    '/api/v1/me/telework-days': {
      get: mine(
        '自分の月の在宅勤務日',
        '公開済みの勤務表から、自分のその月の勤務。',
        { '200': json('在宅勤務日', ref('TeleworkDays')) },
        {
          parameters: [
            {
              name: 'month',
              in: 'query',
              required: true,
              description: '月（例: 2026-11）',
              schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
            },
          ],
        },
      ),
    },
    '/api/v1/me/weeks/{week}/requests': {
      get: mine(
        '自分の週の希望',
        '自分のその週の在宅勤務の希望と状態、可能日、締切、選べる場所。',
        { '200': json('希望', ref('MyRequests')) },
        { parameters: [weekParam] },
      ),
      put: mine(
        '自分の週の希望を出す',
        '画面の「希望を出す」と同じ検査で、その週の希望（と、possible を送ったときは可能日）を置き換える。締切後の新しい日は緊急の申請として課長に送られる。X-CSRF-Token ヘッダーが必要。',
        {
          '200': json('保存した希望', ref('MyRequests')),
          '403': problem('CSRFトークンがない・違う（code: forbidden）、またはテレワーク対象外の職種'),
          '413': problem('本文が大きすぎる（code: too-large）'),
          '422': problem(
            '希望が正しくない（場所が登録されていない・受け付けていない、可能日にできない日を含む）。problems に日ごとの問題（code: invalid）',
          ),
        },
        {
          parameters: [weekParam, { name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('MyRequestsInput') } } },
        },
      ),
    },
    '/api/v1/absences': {
      post: op(
        '休暇の登録',
        '職員のその日を休暇にし、その日だけ勤務表を作り直す。公開済みの週はすぐに新しい版を公開し、課長と勤務が変わった職員に通知する（画面で課長が変えたときと同じ）。' +
          '過ぎた日は 422。同じ職員・同じ日の要求の繰り返しは 200 で、何も変えない。',
        ['absences'],
        {
          '200': json('すでに登録済み（何も変えていない）', ref('AbsenceOutcome')),
          '201': json('登録した', ref('AbsenceOutcome')),
          '404': problem('職員が登録されていない（code: not-found）'),
          '413': problem('本文が大きすぎる（code: too-large）'),
          '422': problem('日付が正しくない・過ぎた日・閉庁日（code: invalid）'),
        },
        { requestBody: { required: true, content: { 'application/json': { schema: ref('AbsenceInput') } } } },
      ),
    },
    '/api/v1/absences/{id}': {
      delete: op(
        '休暇の取消',
        '休暇を取り消し、その日だけ勤務表を作り直して公開・通知する。過ぎた日は 422。',
        ['absences'],
        {
          '200': json('取り消した', ref('AbsenceOutcome')),
          '404': problem('休暇が登録されていない（code: not-found）'),
          '422': problem('過ぎた日（code: invalid）'),
        },
        { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }] },
      ),
    },
  },
} as const;
