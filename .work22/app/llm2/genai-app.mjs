// A Gemini app with no tracing code: one @google/genai call inside a botanu run.
// argv[2] = plain | stream | error | retry | abandon | stream-error | embed | chat
// env: GEMINI_BASE_URL (the local fixture), GENAI_VERTEX=1 for Vertex AI (express mode, API key).
import { GoogleGenAI } from '@google/genai';
import { botanuWorkflow } from '@botanu/agent';

const mode = process.argv[2] ?? 'plain';
const vertex = process.env.GENAI_VERTEX === '1';
const ai = new GoogleGenAI({
  apiKey: 'fixture-api-key',
  ...(vertex ? { vertexai: true } : {}),
  httpOptions: { baseUrl: process.env.GEMINI_BASE_URL, retryOptions: { attempts: 3, initialDelay: 0.01, maxDelay: 0.05 } },
});

const model = { plain: 'gemini-flash', stream: 'gemini-flash', error: 'gemini-flash-bad', retry: 'gemini-flash-429', abandon: 'gemini-flash-long', 'stream-error': 'gemini-flash-midfail' }[mode] ?? 'text-embedding-004';

const run = botanuWorkflow({ name: 'genai-fixture', eventId: `evt-${mode}`, customerId: 'cust-genai' }, async () => {
  if (mode === 'chat') {
    const chat = ai.chats.create({ model: 'gemini-flash' });
    const r = await chat.sendMessage({ message: 'Say hello to jane.doe@example.com' });
    return { text: r.text };
  }
  if (mode === 'embed') {
    const r = await ai.models.embedContent({ model, contents: ['first text', 'second text'] });
    return { embeddings: r.embeddings?.length };
  }
  if (mode === 'plain' || mode === 'error' || mode === 'retry') {
    const r = await ai.models.generateContent({ model, contents: 'Say hello to jane.doe@example.com', config: { temperature: 0.2, maxOutputTokens: 64 } });
    return { text: r.text, usage: r.usageMetadata };
  }
  const stream = await ai.models.generateContentStream({ model, contents: 'Say hello to jane.doe@example.com' });
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.text ?? '';
    if (mode === 'abandon' && chunks === 2) break;
  }
  return { text, chunks };
});

try {
  console.log(JSON.stringify({ ok: true, ...(await run()) }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: String(err?.message ?? err).slice(0, 200), status: err?.status }));
}
