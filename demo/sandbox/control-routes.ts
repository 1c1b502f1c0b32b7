/**
 * `/_sandbox/*`: inspection and control for tests and the demo page. No token, no rate limit, never logged.
 * `POST /_sandbox/appointments` books "inside GHL" (as staff would in GHL's own calendar), bypassing the public
 * rules, so the webhook loop can be shown.
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import { createAppointment, deleteAppointment, parseInstant } from './appointments.ts'
import { FaultsPatch } from './faults.ts'
import { GhlHttpError } from './ghl-error.ts'
import type { Sandbox } from './index.ts'
import { SANDBOX } from './seed.ts'
import { SettingsPatch } from './settings.ts'
import type { SandboxEnv, SandboxServices } from './sandbox-env.ts'

/** Body of `POST /_sandbox/appointments`. */
const StaffBooking = v.object({
  calendarId: v.string(),
  /** ISO 8601 with an offset, or epoch ms. */
  startTime: v.union([v.string(), v.number()]),
  endTime: v.optional(v.union([v.string(), v.number()])),
  /** Default: the seeded contact. */
  contactId: v.optional(v.string(), SANDBOX.contact.id),
  /** Default: the calendar's first team member. */
  assignedUserId: v.optional(v.string()),
  title: v.optional(v.string()),
  /** Check the slot grid like the public API does; default false (staff can book anything). */
  validate: v.optional(v.boolean(), false),
})

const WebhookTargetBody = v.object({ url: v.nullable(v.pipe(v.string(), v.url())) })

/** Body of `POST /_sandbox/clock`: any of an instant to go to, a step, and whether time stands still. */
const ClockChange = v.object({
  /** ISO 8601 with an offset, or epoch ms. */
  now: v.optional(v.union([v.string(), v.number()])),
  advanceMs: v.optional(v.pipe(v.number(), v.finite())),
  frozen: v.optional(v.boolean()),
})

const instant = (value: string | number, field: string) =>
  typeof value === 'number' ? value : parseInstant(value, field)

/** The control routes, mounted at `/_sandbox`; `getSandbox` is a getter because the sandbox is built after its app. */
export function controlRoutes(getSandbox: () => Sandbox, services: SandboxServices): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>()
  const invalid = (issues: readonly v.BaseIssue<unknown>[]) =>
    new GhlHttpError(400, issues.map((i) => `${v.getDotPath(i) ?? 'body'}: ${i.message}`).join(', '))
  const json = (c: { req: { json(): Promise<unknown> } }) => c.req.json().catch(() => undefined)

  app.get('/requests', (c) => c.json({ requests: getSandbox().requests() }))
  app.get('/appointments', (c) => c.json({ appointments: getSandbox().appointments() }))
  app.get('/contacts', (c) => c.json({ contacts: [...services.state().contacts.values()] }))
  app.get('/opportunities', (c) => c.json({ opportunities: getSandbox().opportunities() }))
  app.get('/webhooks', (c) => c.json({ deliveries: getSandbox().webhookDeliveries() }))
  app.get('/faults', (c) => c.json(getSandbox().faults()))

  const clockView = () => {
    const { clock } = getSandbox()
    return { now: new Date(clock.now()).toISOString(), ms: clock.now(), frozen: clock.frozen }
  }
  app.get('/clock', (c) => c.json(clockView()))
  app.post('/clock', async (c) => {
    const parsed = v.safeParse(ClockChange, await json(c))
    if (!parsed.success) throw invalid(parsed.issues)
    const { clock } = getSandbox()
    const { now, advanceMs, frozen } = parsed.output
    if (frozen !== undefined) clock.freeze(frozen)
    if (now !== undefined) clock.set(instant(now, 'now'))
    if (advanceMs !== undefined) clock.advance(advanceMs)
    return c.json(clockView())
  })

  app.post('/reset', (c) => {
    getSandbox().reset()
    return c.json({ ok: true })
  })

  app.post('/faults', async (c) => {
    const parsed = v.safeParse(FaultsPatch, await json(c))
    if (!parsed.success) throw invalid(parsed.issues)
    getSandbox().setFaults(parsed.output)
    return c.json(getSandbox().faults())
  })

  app.get('/settings', (c) => c.json(getSandbox().settings()))
  app.post('/settings', async (c) => {
    const parsed = v.safeParse(SettingsPatch, await json(c))
    if (!parsed.success) throw invalid(parsed.issues)
    getSandbox().setSettings(parsed.output)
    return c.json(getSandbox().settings())
  })

  app.post('/webhook', async (c) => {
    const parsed = v.safeParse(WebhookTargetBody, await json(c))
    if (!parsed.success) throw invalid(parsed.issues)
    getSandbox().setWebhook(parsed.output.url ? { url: parsed.output.url } : undefined)
    return c.json({ url: parsed.output.url })
  })

  app.post('/appointments', async (c) => {
    const parsed = v.safeParse(StaffBooking, await json(c))
    if (!parsed.success) throw invalid(parsed.issues)
    const body = parsed.output
    const calendar = services.state().calendars.get(body.calendarId)
    if (!calendar) throw new GhlHttpError(404, `No calendar ${body.calendarId}`)
    const appointment = createAppointment(services, {
      calendar,
      contactId: body.contactId,
      assignedUserId: body.assignedUserId ?? calendar.teamMembers[0]?.userId,
      startMs: instant(body.startTime, 'startTime'),
      endMs: body.endTime === undefined ? undefined : instant(body.endTime, 'endTime'),
      title: body.title,
      source: 'sandbox',
      validate: body.validate,
    })
    return c.json(
      {
        appointment: getSandbox()
          .appointments()
          .find((a) => a.id === appointment.id),
      },
      201,
    )
  })

  app.delete('/appointments/:id', (c) => {
    const id = c.req.param('id')
    if (!deleteAppointment(services, id)) throw new GhlHttpError(404, `No appointment ${id}`)
    return c.json({ deleted: id })
  })

  app.all('*', () => {
    throw new GhlHttpError(404, 'Unknown sandbox control route')
  })
  return app
}
