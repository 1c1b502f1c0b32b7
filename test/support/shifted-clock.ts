/** The pinned clock of a child process (see shifted-clock.mjs), for `--import` next to tsx. */
import './shifted-clock.mjs'
