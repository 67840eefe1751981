// Floor: the smallest compiled Bun program. Prints and exits; with `idle`, stays up so its memory can be read.
console.log("hello");
if (process.argv[2] === "idle") setInterval(() => {}, 1 << 30);
