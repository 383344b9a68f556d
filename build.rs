//! Link the cdylib as libzmq.so.5 (SONAME) exporting only the zmq_* API.

fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libzmq.so.5");
        let script = format!(
            "{}/src/libzmq.map",
            std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()
        );
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            script
        );
        println!("cargo:rerun-if-changed=src/libzmq.map");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
