// Run by organisation.ts with tsx, against a running server's data directory: one more organisation, made as
// the operator would (the HTTP API sets up only the first). Prints its owner's all-scopes API key as JSON.
const [{ loadConfig }, { composeServices }, { createOrganisation }] = await Promise.all([
  import('../../packages/server/src/config.ts'),
  import('../../packages/server/src/compose.ts'),
  import('../../packages/server/src/domain/organisations/create-organisation.ts'),
]);
const [name, email, password] = process.argv.slice(2);
const services = await composeServices(loadConfig(process.env, process.cwd()));
try {
  const made = await createOrganisation(services.deps, { name, owner: { email, password } });
  process.stdout.write(JSON.stringify({ apiKey: made.apiKeySecret }));
} finally {
  await services.close();
}
