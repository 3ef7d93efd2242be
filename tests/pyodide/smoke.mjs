// Pyodide smoke check: run kmeans_scratch inside Pyodide (CPython compiled to WebAssembly)
// under Node.js, with no network, and compare its results with the CPython recording.
//
//   cd tests/pyodide && npm ci && node smoke.mjs
//
// It copies the package and tests/cross_runtime_cases.py into Pyodide's virtual file system,
// fits the tutorial's blobs (scikit-learn's numbers), iris and moons, computes ARI, NMI and
// silhouette, quantizes and round-trips a PPM image, and checks every value against
// tests/data/cross_runtime.json (labels exactly, floats to 1e-12).
import { loadPyodide } from "pyodide";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");

function copyTree(py, source, target) {
  py.FS.mkdirTree(target);
  for (const name of readdirSync(source)) {
    if (name === "__pycache__") continue;
    const from = path.join(source, name);
    const to = `${target}/${name}`;
    if (statSync(from).isDirectory()) copyTree(py, from, to);
    else py.FS.writeFile(to, readFileSync(from));
  }
}

const py = await loadPyodide();
copyTree(py, path.join(root, "kmeans_scratch"), "/work/kmeans_scratch");
py.FS.mkdirTree("/work/tests/data");
py.FS.writeFile("/work/tests/cross_runtime_cases.py", readFileSync(path.join(root, "tests", "cross_runtime_cases.py")));
py.FS.writeFile("/work/tests/data/cross_runtime.json", readFileSync(path.join(root, "tests", "data", "cross_runtime.json")));

const problems = py.runPython(`
import sys, platform
sys.path[:0] = ["/work", "/work/tests"]
import cross_runtime_cases as cases
result = cases.compute()
print(f"Pyodide: Python {platform.python_version()} on {sys.platform}")
print(f"tutorial blobs: inertia {result['tutorial']['inertia']!r} in {result['tutorial']['n_iter']} iterations, ARI {result['metrics']['ari']}")
print(f"iris K=3: inertia {result['iris']['inertia']:.4f}, NMI {result['metrics']['nmi']:.4f}, silhouette {result['metrics']['silhouette']:.4f}")
print(f"quantize 8 colours: MSE {result['quantize']['mse']:.4f}, PPM round trip {result['quantize']['round_trip']}")
"\\n".join(cases.check())
`);
if (problems) {
  console.log("Pyodide smoke check FAILED:\n" + problems);
  process.exit(1);
}
console.log("Pyodide smoke check passed: same results as CPython");
