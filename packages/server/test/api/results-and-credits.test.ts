import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPageText } from '../public-pages/pdf-text.js';
import { independentVerifier, ob3SchemaErrors } from '../support/ob3-independent.js';
import { ENGINES, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const details = {
  creditsAvailable: 5,
  fieldOfStudy: 'Data science',
  humanCode: 'DS-201',
  inLanguage: 'en',
  translations: { fr: { name: 'Analyse de données', description: 'Analyse de données avancée' } },
  resultDescriptions: [
    { key: 'exam', name: 'Final exam', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '50' },
    { key: 'grade', name: 'Grade', resultType: 'LetterGrade', allowedValue: ['A', 'B', 'C', 'F'] },
    { key: 'rubric', name: 'Project', resultType: 'RubricCriterionLevel', rubricCriterionLevel: [{ key: 'ok', name: 'Proficient' }, { key: 'top', name: 'Exemplary' }] },
  ],
};

describe.each(ENGINES)('results, credits and OB 3.0 details (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let achievementId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const res = await api.post('/api/v1/achievements', {
      issuerId,
      kind: 'certificate',
      name: 'Data analysis',
      description: 'Advanced data analysis',
      criteria: { narrative: 'Pass the exam' },
      alignments: [{ targetName: 'analyse data', targetUrl: 'http://data.europa.eu/esco/skill/x', targetFramework: 'ESCO', targetType: 'ext:ESCO' }],
      details,
    });
    expect(res.statusCode, res.body).toBe(201);
    achievementId = res.json().id;
  });
  afterAll(async () => ctx?.close());

  it('stores the details and reads them back', async () => {
    const a = (await api.get(`/api/v1/achievements/${achievementId}`)).json();
    expect(a.details).toEqual(details);
    expect(a.alignments[0].targetType).toBe('ext:ESCO');
  });

  it('refuses results an issuer (or an attacker with a key) makes up, with the field named', async () => {
    const bad = async (body: object, path: string) => {
      const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'x@example.org' }, ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json())).toContain(path);
    };
    await bad({ results: [{ resultDescription: 'nope', value: '1' }] }, '/results/0/resultDescription');
    await bad({ results: [{ resultDescription: 'exam', value: '101' }] }, '/results/0/value');
    await bad({ results: [{ resultDescription: 'exam', value: 'lots' }] }, '/results/0/value');
    await bad({ results: [{ resultDescription: 'grade', value: 'A+' }] }, '/results/0/value');
    await bad({ results: [{ resultDescription: 'rubric', achievedLevel: 'genius' }] }, '/results/0/achievedLevel');
    await bad({ results: [{ resultDescription: 'exam', value: '60' }, { resultDescription: 'exam', value: '70' }] }, '/results/1/resultDescription');
    await bad({ creditsEarned: 6 }, '/creditsEarned');
    await bad({ results: [{ resultDescription: 'exam', value: '60', extra: 1 }] }, 'extra');
  });

  it('refuses achievement details outside the OB 3.0 vocabularies', async () => {
    const patch = async (d: object, path: string) => {
      const res = await api.patch(`/api/v1/achievements/${achievementId}`, { details: d });
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json())).toContain(path);
    };
    await patch({ resultDescriptions: [{ key: 'a', name: 'A', resultType: 'Grade' }] }, '/details/resultDescriptions/0/resultType');
    await patch({ resultDescriptions: [{ key: 'a', name: 'A', resultType: 'RubricCriterionLevel', requiredLevel: 'x', rubricCriterionLevel: [{ key: 'y', name: 'Y' }] }] }, '/details/resultDescriptions/0/requiredLevel');
    await patch({ resultDescriptions: [{ key: 'a', name: 'A', resultType: 'Percent' }, { key: 'a', name: 'B', resultType: 'Percent' }] }, '/details/resultDescriptions');
    const res = await api.patch(`/api/v1/achievements/${achievementId}`, { alignments: [{ targetName: 'x', targetUrl: 'https://x.example', targetType: 'ESCO' }] });
    expect(res.statusCode).toBe(400);
  });

  it('shows results, credits and alignments on the public page (in French too) and the certificate', async () => {
    const res = await api.post('/api/v1/credentials', {
      achievementId,
      recipient: { email: 'ada@example.org', name: 'Ada' },
      visibility: 'public',
      results: [{ resultDescription: 'exam', value: '87' }, { resultDescription: 'rubric', achievedLevel: 'top' }],
      creditsEarned: 5,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, results, creditsEarned } = res.json();
    expect(results).toHaveLength(2);
    expect(creditsEarned).toBe(5);
    const en = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(en.body).toContain('Final exam');
    expect(en.body).toMatch(/87 %/);
    expect(en.body).toContain('Exemplary');
    expect(en.body).toMatch(/id="credits">5 of 5/);
    expect(en.body).toContain('ESCO');
    const fr = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', 'accept-language': 'fr' } });
    expect(fr.body).toContain('Analyse de données');
    expect(fr.body).toContain('Résultats');
    const pdf = await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/certificate.pdf` });
    expect(pdf.statusCode).toBe(200);
    const text = (await firstPageText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Final exam: 87 %');
    expect(text).toContain('5 credits');
  });

  it('hours and credit units: signed as OB 3.0 alignments (both schemas, Digital Bazaar verifies), shown on the page and the certificate in English and French', async () => {
    for (const [d, path] of [[{ creditUnit: 'Parsecs' }, '/details/creditUnit'], [{ hours: -1 }, '/details/hours'], [{ hours: 'many' }, '/details/hours']] as const) {
      const res = await api.patch(`/api/v1/achievements/${achievementId}`, { details: { ...details, ...d } });
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json())).toContain(path);
    }
    const patched = await api.patch(`/api/v1/achievements/${achievementId}`, { details: { ...details, creditUnit: 'ECTS', hours: 140 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().details).toMatchObject({ creditsAvailable: 5, creditUnit: 'ECTS', hours: 140 });
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: 'bo@example.org', name: 'Bo' }, visibility: 'public', creditsEarned: 4 });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const doc = (await api.get(`/api/v1/credentials/${id}/export?format=ob3`)).json();
    expect(ob3SchemaErrors(doc)).toEqual([]);
    const verified = await independentVerifier(ctx)(doc);
    expect(verified.verified, JSON.stringify(verified.error)).toBe(true);
    const { achievement, creditsEarned } = doc.credentialSubject;
    expect(creditsEarned).toBe(4);
    expect(achievement.creditsAvailable).toBe(5);
    expect(achievement.alignment).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: ['Alignment'], targetType: 'ext:CreditUnit', targetFramework: 'ECTS', targetCode: '5', targetUrl: `${achievement.id}#credit-unit` }),
      expect.objectContaining({ type: ['Alignment'], targetType: 'ext:LearningHours', targetCode: 'PT140H', targetName: '140 hours of learning', targetUrl: `${achievement.id}#learning-hours` }),
    ]));
    const page = async (lang: string) => (await ctx.app.inject({ method: 'GET', url: `/credentials/${id}`, headers: { accept: 'text/html', 'accept-language': lang } })).body;
    expect(await page('en')).toMatch(/id="credits">4 of 5 ECTS credits</);
    expect(await page('en')).toMatch(/id="hours">140 hours</);
    expect(await page('fr')).toMatch(/id="credits">4 sur 5 crédits ECTS</);
    expect(await page('fr')).toMatch(/id="hours">140 heures</);
    const pdf = async (lang: string) => (await firstPageText((await ctx.app.inject({ method: 'GET', url: `/credentials/${id}/certificate.pdf`, headers: { 'accept-language': lang } })).rawPayload)).replace(/\s+/g, ' ');
    const en = await pdf('en');
    expect(en).toContain('4 ECTS credits');
    expect(en).toContain('140 hours of learning');
    const fr = await pdf('fr');
    expect(fr).toContain('4 crédits ECTS');
    expect(fr).toContain('140 heures de formation');
  });
});
