// A Vertex AI app (@google-cloud/vertexai) with no tracing code: one call inside a botanu run.
// argv[2] = plain | stream | error | ratelimit | abandon | stream-error | chat
// env: VERTEX_API_ENDPOINT (host:port of the local fixture, which the SDK always calls over https).
// Credentials: an OAuth2 client holding an access token, passed through the SDK's
// googleAuthOptions (as an app with its own token source does), so no metadata
// server or key file is needed.
import { VertexAI } from '@google-cloud/vertexai';
import { OAuth2Client } from 'google-auth-library';
import { botanuWorkflow } from '@botanu/agent';

const mode = process.argv[2] ?? 'plain';
const authClient = new OAuth2Client();
authClient.setCredentials({ access_token: 'fixture-access-token', expiry_date: Date.now() + 3600_000 });
const vertex = new VertexAI({ project: 'fixture-project', location: 'us-central1', apiEndpoint: process.env.VERTEX_API_ENDPOINT, googleAuthOptions: { authClient } });

const modelId = { error: 'gemini-pro-bad', ratelimit: 'gemini-pro-429', abandon: 'gemini-pro-long', 'stream-error': 'gemini-pro-cut' }[mode] ?? 'gemini-pro';
const model = vertex.getGenerativeModel({ model: modelId, generationConfig: { temperature: 0.2, maxOutputTokens: 64 } });
const request = { contents: [{ role: 'user', parts: [{ text: 'Say hello to jane.doe@example.com' }] }] };

const run = botanuWorkflow({ name: 'vertexai-fixture', eventId: `evt-${mode}`, customerId: 'cust-vertex' }, async () => {
  if (mode === 'ratelimit') {
    // The SDK does not retry: the app's own retry makes a second, separate call.
    try {
      await model.generateContent(request);
    } catch {
      const r = await model.generateContent(request);
      return { text: r.response.candidates?.[0]?.content?.parts?.[0]?.text, retriedByApp: true };
    }
  }
  if (mode === 'plain' || mode === 'error') {
    const r = await model.generateContent(request);
    return { text: r.response.candidates?.[0]?.content?.parts?.[0]?.text, usage: r.response.usageMetadata };
  }
  if (mode === 'chat') {
    // startChat() without params drops apiEndpoint (SDK quirk); with {} it keeps it.
    const chat = model.startChat({});
    const r = await chat.sendMessage('Say hello');
    return { text: r.response.candidates?.[0]?.content?.parts?.[0]?.text };
  }
  const result = await model.generateContentStream(request);
  let chunks = 0;
  try {
    for await (const chunk of result.stream) {
      chunks++;
      if (mode === 'abandon' && chunks === 2) break;
    }
  } finally {
    // The aggregated response settles even if the stream was left early.
    await result.response.catch(() => undefined);
  }
  const final = await result.response;
  return { chunks, usage: final.usageMetadata };
});

try {
  console.log(JSON.stringify({ ok: true, ...(await run()) }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, name: err?.constructor?.name, error: String(err?.message ?? err).slice(0, 200) }));
}
