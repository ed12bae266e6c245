import { describe, expect, it } from 'vitest';
import { BUILTIN_UNIT_ALIASES, DISTRICT_EXTRA_UNITS, canonicalUnitName, inferUnitKind, normalizeUnitName } from '@/lib/units/normalize-unit-name';

describe('normalizeUnitName', () => {
  it('removes all whitespace including full-width spaces', () => {
    expect(normalizeUnitName('  区 财政局 ')).toBe('区财政局');
    expect(normalizeUnitName('区\u3000财政局\u3000')).toBe('区财政局');
    expect(normalizeUnitName('区\t发展和\n改革局')).toBe('区发展和改革局');
  });

  it('strips trailing and leading list punctuation', () => {
    expect(normalizeUnitName('区财政局。')).toBe('区财政局');
    expect(normalizeUnitName('区财政局，')).toBe('区财政局');
    expect(normalizeUnitName('区财政局,')).toBe('区财政局');
    expect(normalizeUnitName('区财政局；;、.')).toBe('区财政局');
    expect(normalizeUnitName('、区财政局')).toBe('区财政局');
  });

  it('uses full-width parentheses inside names', () => {
    expect(normalizeUnitName('区应急管理局(区安委办)')).toBe('区应急管理局（区安委办）');
    expect(normalizeUnitName('区应急管理局（区安委办）')).toBe('区应急管理局（区安委办）');
  });

  it('converts full-width letters and digits to half-width', () => {
    expect(normalizeUnitName('区１２３４５热线办')).toBe('区12345热线办');
    expect(normalizeUnitName('区ＲＣＥＰ办')).toBe('区RCEP办');
  });

  it('is idempotent', () => {
    for (const raw of ['区 财政局。', '区应急管理局(区安委办)', '九曲街道']) {
      const once = normalizeUnitName(raw);
      expect(normalizeUnitName(once)).toBe(once);
    }
  });
});

describe('canonicalUnitName', () => {
  it('maps the two spellings of 区投资促进服务中心 to one', () => {
    expect(canonicalUnitName('区投资促进中心')).toBe('区投资促进服务中心');
    expect(canonicalUnitName('区投资促进服务中心')).toBe('区投资促进服务中心');
  });

  it.each([
    ['区发改局', '区发展和改革局'],
    ['区工信局', '区工业和信息化局'],
    ['区住建局', '区住房和城乡建设局'],
    ['区人社局', '区人力资源和社会保障局'],
    ['区卫健局', '区卫生健康局'],
    ['区市场监管局', '区市场监督管理局'],
    ['区文旅局', '区文化和旅游局'],
    ['区教体局', '区教育和体育局'],
    ['区行政审批局', '区行政审批服务局'],
    ['区审批局', '区行政审批服务局'],
    ['区科技局', '区科学技术局'],
    ['区金融监管局', '区地方金融监督管理局'],
    ['区金融局', '区地方金融监督管理局'],
    ['区应急局', '区应急管理局'],
    ['区综合执法局', '区综合行政执法局'],
  ])('%s → %s', (alias, canonical) => {
    expect(canonicalUnitName(alias)).toBe(canonical);
  });

  it('normalises before looking up aliases', () => {
    expect(canonicalUnitName(' 区 发改局、')).toBe('区发展和改革局');
  });

  it('leaves unknown names as normalised', () => {
    expect(canonicalUnitName('区财政局 ')).toBe('区财政局');
    expect(canonicalUnitName('constructor')).toBe('constructor');
  });

  it('applies extra aliases first, then built-in aliases', () => {
    const extra = new Map([
      ['区招商中心', '区投资促进服务中心'],
      ['区发展改革部门', '区发改局'], // chained: extra → built-in
      ['区发改局', '区发展和改革局（区粮食和物资储备局）'], // extra overrides built-in
    ]);
    expect(canonicalUnitName('区招商中心', extra)).toBe('区投资促进服务中心');
    expect(canonicalUnitName('区发改局', extra)).toBe('区发展和改革局（区粮食和物资储备局）');
    expect(canonicalUnitName('区发展改革部门', extra)).toBe('区发展和改革局');
  });

  it('every built-in alias maps to a normalised name that is not itself an alias', () => {
    for (const [alias, canonical] of Object.entries(BUILTIN_UNIT_ALIASES)) {
      expect(normalizeUnitName(alias)).toBe(alias);
      expect(normalizeUnitName(canonical)).toBe(canonical);
      expect(Object.hasOwn(BUILTIN_UNIT_ALIASES, canonical)).toBe(false);
    }
  });
});

describe('inferUnitKind', () => {
  it.each([
    ['九曲街道', 'street'],
    ['太平街道办事处', 'street'],
    ['八湖镇', 'town'],
    ['郑旺镇人民政府', 'town'],
    ['临沂汤头温泉旅游度假区', 'park'],
    ['河东经济开发区', 'park'],
    ['农业高新技术产业示范区', 'park'],
    ['河东经济开发区管委会', 'park'],
    ['区政府督查室', 'office'],
    ['区委督查室', 'office'],
    ['区发展和改革局', 'department'],
    ['河东生态环境分局', 'department'],
    ['区商城管委会', 'department'],
  ] as const)('%s → %s', (name, kind) => {
    expect(inferUnitKind(name)).toBe(kind);
  });
});

describe('DISTRICT_EXTRA_UNITS', () => {
  it('lists the 10 addressee units with kinds consistent with inferUnitKind', () => {
    expect(DISTRICT_EXTRA_UNITS).toHaveLength(10);
    for (const u of DISTRICT_EXTRA_UNITS) {
      expect(inferUnitKind(u.name)).toBe(u.kind);
      expect(normalizeUnitName(u.name)).toBe(u.name);
    }
    expect(DISTRICT_EXTRA_UNITS.map((u) => u.name)).toContain('区政府督查室');
  });
});
