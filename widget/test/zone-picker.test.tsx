/**
 * The time zone combobox (WAI-ARIA APG, list autocomplete): the visitor's zone first, then zones by region with
 * their offset; typing filters, arrows move, Enter picks, Escape closes; a locked zone has no picker.
 */
import { expect } from 'chai'
import { sendKeys } from '@web/test-runner-commands'
import { received } from './handlers.ts'
import { cleanup, expectNoAxeViolations, focused, mountWidget, waitFor } from './setup.ts'

afterEach(cleanup)

describe('zone picker', () => {
  it('opens with the detected zone first, then regions with offsets; typing, arrows and Enter pick one', async () => {
    const m = mountWidget({ 'time-zone': 'Europe/Madrid' })
    await waitFor(() => m.$('.slot'))
    const input = m.$<HTMLInputElement>('#zone')
    expect(input.value).to.match(/^Madrid \(GMT[+-]\d\d:\d\d\)$/)
    expect(input.getAttribute('aria-expanded')).to.equal('false')
    input.focus()
    await sendKeys({ press: 'ArrowDown' })
    await waitFor(() => input.getAttribute('aria-expanded') === 'true')
    const groups = m.$$('[role=listbox] [role=group] > [role=presentation]').map((g) => g.textContent)
    const detected = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (Intl.supportedValuesOf('timeZone').includes(detected)) expect(groups[0]).to.equal('Your time zone')
    expect(groups).to.include.members(['America', 'Asia', 'Europe'])
    await expectNoAxeViolations(m)
    await sendKeys({ type: 'tokyo' })
    await waitFor(() => m.$$('[role=option]').length === 1, 3000).catch(() => {
      throw new Error(
        `options: ${m
          .$$('[role=option]')
          .map((o) => o.textContent)
          .join(' | ')}; value ${input.value}`,
      )
    })
    expect(m.$('[role=option]').textContent).to.equal('Tokyo GMT+09:00')
    expect(input.getAttribute('aria-activedescendant')).to.equal('zone-0')
    await sendKeys({ press: 'Enter' })
    await waitFor(() => input.getAttribute('aria-expanded') === 'false')
    expect(input.value).to.equal('Tokyo (GMT+09:00)')
    expect(focused(m)).to.equal(input)
    await waitFor(() => received.slotQueries.some((q) => q.get('timeZone') === 'Asia/Tokyo'))
    expect(m.$('#zone-name').textContent).to.equal('Japan Standard Time')
  })

  it('Escape closes the list and keeps the zone; a search without matches says so', async () => {
    const m = mountWidget()
    await waitFor(() => m.$('.slot'))
    const input = m.$<HTMLInputElement>('#zone')
    input.focus()
    await sendKeys({ press: 'ArrowDown' })
    await sendKeys({ type: 'atlantis' })
    await waitFor(() => m.root.textContent!.includes('No time zone matches.'))
    await sendKeys({ press: 'Escape' })
    await waitFor(() => input.getAttribute('aria-expanded') === 'false')
    expect(input.value).to.match(/^UTC \(GMT(\+00:00)?\)$/)
    expect(received.slotQueries.every((q) => q.get('timeZone') === 'UTC')).to.equal(true)
  })
})
