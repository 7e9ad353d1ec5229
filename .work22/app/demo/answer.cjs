// The demo's answer service: no code change (CommonJS, started with the preload in
// NODE_OPTIONS). Asks an OpenAI-compatible endpoint (the local stand-in) with the real SDK.
const express = require('express');
const OpenAI = require('openai');

const openai = new OpenAI({ apiKey: 'sk-demo-not-a-real-key', baseURL: `${process.env.LLM_URL}/v1`, maxRetries: 2 });

const app = express();
app.get('/answer', async (req, res) => {
  const headers = {};
  if (req.query.retry) headers['x-demo-rate-limit-once'] = '1';
  if (req.query.fail) headers['x-demo-reject'] = '1';
  try {
    const completion = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Suggest a fix for ticket ${req.query.ticket}` }] },
      { headers },
    );
    res.json({ answer: completion.choices[0].message.content });
  } catch (err) {
    res.status(502).json({ error: err.message });
  }
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
