// The core scenarios (scenarios.mjs) in Chromium through its own WebDriver server.
import { scenarios } from './scenarios.mjs';

scenarios('chromium');
