/**
 * Native packages no bundle carries: each is external everywhere, loaded only by the code path
 * that needs it (the images module imports sharp on its first image), and installed beside the
 * bundle of the functions that run that path, as npm's prebuilt binary for the function's
 * platform. The images function runs on x86_64 (the stack says so), the architecture of the
 * machines the build is tested on, so its zip runs here as it runs on Lambda.
 */
export const NATIVE_PACKAGES: Readonly<
  Record<string, readonly { name: string; cpu: 'x64' | 'arm64' }[]>
> = {
  images: [{ name: 'sharp', cpu: 'x64' }],
};
