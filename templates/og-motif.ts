type Point = readonly [number, number];
type Cubic = readonly [Point, Point, Point, Point];

export interface MotifColours {
  gold: string;
  hillBack: string;
  hillFront: string;
  dash: string;
}

/** The road's centre line: from the sun on the horizon, winding down out of the card. */
const SPINE: readonly Cubic[] = [
  [[1004, 352], [1012, 392], [950, 414], [944, 462]],
  [[944, 462], [938, 520], [1030, 548], [1010, 680]],
];
const HORIZON_Y = 352;

/** Half the road's width at height y: linear in the distance below the horizon (perspective). */
const halfWidth = (y: number) => 2.5 + 0.3 * (y - HORIZON_Y);

/**
 * Hills at dawn, the sun on the horizon and a golden road winding toward it: "the road to
 * doing good". Drawn right of x ≈ 600 and below the title's baseline band on the left, so it
 * never sits behind the title text.
 */
export function roadMotif(c: MotifColours): string {
  return `<circle cx="1010" cy="300" r="250" fill="url(#glow)"/>
<circle cx="1010" cy="300" r="96" fill="${c.gold}"/>
<path d="M600 640 C700 520 820 392 940 366 C1030 348 1110 342 1200 330 V640 Z" fill="${c.hillBack}"/>
<path d="M760 640 C840 540 930 470 1040 452 C1110 440 1160 438 1200 436 V640 Z" fill="${c.hillFront}"/>
<path d="${roadOutline()}" fill="url(#road)"/>
<path d="${spinePath()}" fill="none" stroke="${c.dash}" stroke-width="5" stroke-dasharray="12 18" stroke-linecap="round" opacity="0.7"/>`;
}

function spinePath(): string {
  const [first] = SPINE;
  if (!first) return '';
  const start = `M${first[0].join(' ')}`;
  return `${start} ${SPINE.map(([, a, b, e]) => `C${a.join(' ')} ${b.join(' ')} ${e.join(' ')}`).join(' ')}`;
}

/** The road's two edges: the spine offset either side by halfWidth, sampled along each curve. */
function roadOutline(): string {
  const left: Point[] = [];
  const right: Point[] = [];
  for (const curve of SPINE) {
    for (let i = 0; i <= 24; i++) {
      const t = i / 24;
      const [x, y] = bezier(curve, t);
      const [dx, dy] = derivative(curve, t);
      const len = Math.hypot(dx, dy) || 1;
      const w = halfWidth(y);
      left.push([x + (dy / len) * w, y - (dx / len) * w]);
      right.push([x - (dy / len) * w, y + (dx / len) * w]);
    }
  }
  const pts = [...left, ...right.reverse()].map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`);
  return `M${pts.join(' L')} Z`;
}

function bezier([p0, p1, p2, p3]: Cubic, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]];
}

function derivative([p0, p1, p2, p3]: Cubic, t: number): Point {
  const u = 1 - t;
  const axis = (k: 0 | 1) => 3 * u * u * (p1[k] - p0[k]) + 6 * u * t * (p2[k] - p1[k]) + 3 * t * t * (p3[k] - p2[k]);
  return [axis(0), axis(1)];
}
