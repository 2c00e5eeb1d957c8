// The core scenarios (scenarios.mjs) in Firefox through its own WebDriver server.
import { scenarios } from './scenarios.mjs';

scenarios('firefox');
