// Run from this directory: node ipv6_node.js > ipv6_node.txt
// Prints one line per input: the text between the brackets, a tab, and
// new URL("http://[" + in + "]/").host without its brackets, or "!" when
// new URL throws.
const fixed = [
  "::", "::1", "1::", "::0", "0::0", "0:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:1",
  "1::2:3:4:5:6:7", "1::2:3:4:5:6:7:8", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6::8", "1:2:3:4:5::7:8",
  "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "::1:", "1:::2",
  ":::", "1::2::3", ":", "", "1", "1:2", "1:", ":1",
  "A::B", "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "FFFF::", "fFfF::AbC",
  "0000:0000:0000:0000:0000:0000:0000:0001", "00001::", "1::00001", "0001::0002",
  "1:0:0:2:0:0:0:3", "1:0:0:0:2:0:0:3", "1:0:0:2:0:0:3:4", "0:0:1:0:0:1:0:0", "1:0:2:0:3:0:4:0",
  "0:1:0:0:0:0:0:0", "0:0:0:0:0:0:1:0", "1:0:0:0:0:0:0:0",
  "::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:127.0.0.1", "::1.2.3.4", "::0.0.0.0", "::255.255.255.255",
  "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1::1.2.3.4", "::ffff:0:1.2.3.4", "64:ff9b::192.0.2.33",
  "::1.2.3", "::1.2.3.4.5", "::1.2.3.04", "::1.2.3.256", "::1.2.3.", "::.1.2.3", "::1..2.3", "::01.2.3.4",
  "::1.2.3.0", "::0.0.0.1", "::a.2.3.4", "::1.2.3.4:5", "1.2.3.4", "1.2.3.4::", "::1.2.3.4x", "::ffff:1.2.3.4%25eth0",
  "::ffff:0x1.2.3.4", "::1.2.0x3.4",
  "fe80::1%25eth0", "fe80::1%eth0", "fe80::1%25", "fe80::1%", "::1%251", "%25eth0",
  "::1 ", " ::1", "g::1", "::g", "1:2:3:4:5:6:7:g", "::-1", "::+1", "::1/64", "::1]", "[::1",
  "::12345", "12345::", "::ffff:ffff:ffff", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A", "2001:db8:0:0:1:0:0:1",
  "2001:0db8:0000:0000:0000:ff00:0042:8329", "ff02::1:ff00:0", "::ffff:0:0", "::ffff:", "ffff::ffff", "1:2:3:4::",
];
const rand = (() => { let s = 20; return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648; })();
const pick = a => a[Math.floor(rand() * a.length)];
const gen = () => {
  const n = 1 + Math.floor(rand() * 9);
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(pick(["0", "00", "0000", "1", "a", "F", "ffff", "12", "abc", "", "", "1.2.3.4", "0.0.0.0"]));
  let s = parts.join(":");
  if (rand() < 0.3) s = "::" + s;
  if (rand() < 0.2) s = s + "::";
  return s;
};
const seen = new Set();
const out = [];
for (const h of fixed.concat(Array.from({ length: 400 }, gen))) {
  if (seen.has(h)) continue;
  seen.add(h);
  let r;
  try { r = new URL("http://[" + h + "]/").host; r = r.slice(1, -1); } catch (e) { r = "!"; }
  out.push(JSON.stringify(h) + "\t" + JSON.stringify(r));
}
console.log([
  `# IPv6 literals and what Node.js ${process.version} made of them with new URL(),`,
  "# written by ipv6_node.js. Each line is the text between the brackets of",
  '# "http://[...]/", a tab, and the host without its brackets, or "!" when',
  "# new URL threw. Both are JSON strings.",
].concat(out).join("\n"));
