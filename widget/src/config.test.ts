/** Configuration from data attributes: defaults, conversions, and errors that name the attribute. */
import { expect } from 'chai'
import { parseConfig, readAttributes } from './config.ts'

const base = { site: 'acme', calendar: 'cal-1' }

describe('config', () => {
  it('fills defaults and converts values', () => {
    const result = parseConfig({ ...base, weekStart: 1, lockTimeZone: '' }, 'https://proxy.example')
    expect(result.ok).to.equal(true)
    if (!result.ok) return
    expect(result.config).to.include({
      proxy: 'https://proxy.example',
      timeZone: 'auto',
      theme: 'light',
      mode: 'inline',
      weekStart: '1',
      lockTimeZone: true,
    })
  })

  it('reads only the known data attributes of an element', () => {
    const el = document.createElement('div')
    el.dataset.site = 'acme'
    el.dataset.timeZone = 'Europe/Berlin'
    el.dataset.prefillFirstName = 'Ada'
    el.dataset.unrelated = 'x'
    expect(readAttributes(el)).to.deep.equal({
      site: 'acme',
      timeZone: 'Europe/Berlin',
      prefillFirstName: 'Ada',
    })
  })

  it('names every bad attribute', () => {
    const result = parseConfig(
      { site: 'acme', proxy: 'javascript:alert(1)', accent: 'red; }', hourCycle: 'h11', redirect: 'ftp://x' },
      'https://proxy.example',
    )
    expect(result.ok).to.equal(false)
    if (result.ok) return
    expect(result.errors.join('\n')).to.contain('data-calendar is required')
    for (const name of ['data-proxy', 'data-accent', 'data-hour-cycle', 'data-redirect']) {
      expect(result.errors.some((e) => e.startsWith(name))).to.equal(true, name)
    }
  })
})
