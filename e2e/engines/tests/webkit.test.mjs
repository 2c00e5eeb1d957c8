// The core scenarios (scenarios.mjs) in Webkit through its own WebDriver server.
import { scenarios } from './scenarios.mjs';

scenarios('webkit');
