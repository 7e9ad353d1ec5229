// A route handler calling the openai SDK (bundled by Next.js).
import OpenAI from 'openai';

export const dynamic = 'force-dynamic';

export async function GET() {
  const client = new OpenAI({ apiKey: 'sk-fixture-not-a-real-key', baseURL: `${process.env.OPENAI_URL}/s/ok/next/v1` });
  const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  return Response.json(r.usage);
}
