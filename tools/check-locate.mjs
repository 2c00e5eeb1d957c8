// Checks the data-checking command end to end: feeds it lines on stdin, reads its JSON Lines.
//   node tools/check-locate.mjs   (run by scripts/test; needs cargo)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const run = (args, input = '') =>
  execFileSync('cargo', ['run', '--locked', '--release', '-q', '-p', 'siaga110-core', '--example', 'locate', '--', ...args], {
    input,
    encoding: 'utf8',
  });

const lines = run([], '3.7755,98.6832\n1.3521,103.8198\nnot,a number\n\n91,98\n-10,100\n')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
assert.equal(lines.length, 5);
const [belawan, singapore, bad, pole, sea] = lines;
assert.equal(belawan.polres, 'Polres Pelabuhan Belawan');
assert.equal(belawan.polda, 'Polda Sumatera Utara');
assert.equal(belawan.kabkota_code, '12.71');
assert.equal(belawan.kabkota_name, 'Kota Medan');
assert.match(belawan.kecamatan_code, /^12\.71\.\d\d$/);
assert.equal(belawan.inside, true);
assert.equal(belawan.distance_km, 0);
assert.ok(belawan.hq_km >= 0 && belawan.hq_km < 20, `hq_km ${belawan.hq_km}`);
for (const key of ['lat', 'lon', 'inside', 'kabkota_code', 'kabkota_name', 'kecamatan_code', 'kecamatan_name', 'polres', 'polda', 'distance_km', 'hq_km']) {
  assert.ok(key in belawan, key);
}
assert.equal(singapore.inside, false);
assert.equal(singapore.polres, null);
assert.equal(singapore.kabkota_code, null);
assert.equal(singapore.outside, 'Singapore');
assert.ok(bad.error, 'a bad line is an error, and the other lines are still answered');
assert.match(pole.error, /latitude/);
assert.equal(sea.polres, null);

const one = JSON.parse(run(['-6.1754', '106.8272']));
assert.equal(one.polres, 'Polres Metro Jakarta Pusat');
console.log('locate: 2 passed, 0 failed');
