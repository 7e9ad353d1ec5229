// The demo's entry service: the only code change is botanuWorkflow.
// GET /tickets/:id?customer=…[&retry=1][&fail=1] asks the answer service, then resolves the ticket.
// The response carries the run id, so the demo can match it to what `botanu-agent dev` printed.
import express from 'express';
import { botanuWorkflow, emitOutcome, getRunId } from '@botanu/agent';

const resolveTicket = botanuWorkflow(
  { name: 'support-ticket', eventId: (req) => req.params.id, customerId: (req) => String(req.query.customer ?? 'anonymous') },
  async (req, seen) => {
    seen.runId = getRunId();
    const query = new URLSearchParams({ ticket: req.params.id });
    if (req.query.retry) query.set('retry', '1');
    if (req.query.fail) query.set('fail', '1');
    const r = await fetch(`${process.env.ANSWER_URL}/answer?${query}`);
    if (!r.ok) throw new Error(`answer service failed with HTTP ${r.status}`);
    const { answer } = await r.json();
    emitOutcome('success', { valueType: 'tickets_resolved', valueAmount: 1 });
    return answer;
  },
);

const app = express();
app.get('/tickets/:id', async (req, res) => {
  const seen = {};
  try {
    const answer = await resolveTicket(req, seen);
    res.json({ runId: seen.runId, answer });
  } catch (err) {
    res.status(500).json({ runId: seen.runId, error: err.message });
  }
});
const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${server.address().port}`));
