// The app's only script entry (the CSP forbids inline script). Each module enhances the page it finds.
import './queue.js'
import './reader.js'
import './search.js'
import './sources.js'
import './crawl.js'
import './reshare.js'
import './local-time.js'
