#!/usr/bin/env python3
"""A stand-in heatmap for the viewer's docs and frame-time benchmark: proximity to water
(exp(-distance / 300 m)) over a store's extent, from the store's own water and waterway vertices.
NOT a drowning-risk model (that is risk/'s job); it only gives the viewer a realistic raster.

usage: proximity_raster.py STORE.gpkg OUT.tif [CELLS=512] [UPSAMPLE=1]
  CELLS × CELLS cells are computed (two-pass chamfer distance), then each is repeated
  UPSAMPLE times per axis (4096 × 4096 for the benchmark: 512 and 8).
Needs only the GDAL command-line tools (ogr2ogr, gdal_translate)."""
import array, math, os, re, subprocess, sys, tempfile

store, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 512
up = int(sys.argv[4]) if len(sys.argv) > 4 else 1

def vertices(layer):
    csv = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", store, layer, "-lco", "GEOMETRY=AS_WKT"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(x), float(y)) for x, y in re.findall(r"(-?\d+\.?\d*) (-?\d+\.?\d*)", csv)]

pts = vertices("water") + vertices("waterways")
info = subprocess.run(["ogrinfo", "-so", store, "roads"], check=True, capture_output=True, text=True).stdout
x0, y0, x1, y1 = map(float, re.search(r"Extent: \(([\d.]+), ([\d.]+)\) - \(([\d.]+), ([\d.]+)\)", info).groups())
srs = subprocess.run(["ogrinfo", "-so", store, "roads"], capture_output=True, text=True).stdout
epsg = re.findall(r'ID\["EPSG",(\d+)\]', srs)[-1]
cell = max(x1 - x0, y1 - y0) / n
INF = 1e30
d = [INF] * (n * n)
for x, y in pts:
    c, r = int((x - x0) / cell), int((y1 - y) / cell)
    if 0 <= c < n and 0 <= r < n:
        d[r * n + c] = 0.0
s2 = math.sqrt(2)
for r in range(n):  # forward pass
    for c in range(n):
        i = r * n + c
        v = d[i]
        if c > 0 and d[i - 1] + 1 < v: v = d[i - 1] + 1
        if r > 0:
            if d[i - n] + 1 < v: v = d[i - n] + 1
            if c > 0 and d[i - n - 1] + s2 < v: v = d[i - n - 1] + s2
            if c < n - 1 and d[i - n + 1] + s2 < v: v = d[i - n + 1] + s2
        d[i] = v
for r in range(n - 1, -1, -1):  # backward pass
    for c in range(n - 1, -1, -1):
        i = r * n + c
        v = d[i]
        if c < n - 1 and d[i + 1] + 1 < v: v = d[i + 1] + 1
        if r < n - 1:
            if d[i + n] + 1 < v: v = d[i + n] + 1
            if c < n - 1 and d[i + n + 1] + s2 < v: v = d[i + n + 1] + s2
            if c > 0 and d[i + n - 1] + s2 < v: v = d[i + n - 1] + s2
        d[i] = v
vals = [math.exp(-v * cell / 300.0) for v in d]
N = n * up
data = array.array("f")
for r in range(n):
    row = array.array("f")
    for c in range(n):
        row.extend([vals[r * n + c]] * up)
    for _ in range(up):
        data.extend(row)
with tempfile.TemporaryDirectory() as tmp:
    raw, vrt = os.path.join(tmp, "v.raw"), os.path.join(tmp, "v.vrt")
    data.tofile(open(raw, "wb"))
    open(vrt, "w").write(f"""<VRTDataset rasterXSize="{N}" rasterYSize="{N}">
  <SRS>EPSG:{epsg}</SRS>
  <GeoTransform>{x0}, {cell / up}, 0, {y1}, 0, {-cell / up}</GeoTransform>
  <VRTRasterBand dataType="Float32" band="1" subClass="VRTRawRasterBand">
    <SourceFilename relativeToVRT="1">v.raw</SourceFilename>
    <ImageOffset>0</ImageOffset><PixelOffset>4</PixelOffset><LineOffset>{4 * N}</LineOffset>
    <ByteOrder>LSB</ByteOrder>
  </VRTRasterBand>
</VRTDataset>""")
    subprocess.run(["gdal_translate", "-q", "-of", "COG", vrt, out], check=True)
print(f"{out}: {N} x {N}, cell {cell / up:.2f} m, EPSG:{epsg}, {len(pts)} water vertices")
