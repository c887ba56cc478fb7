# Debian package for dc: `cpack --config build/CPackConfig.cmake -G DEB`
# (or `cmake --build build --target package`) writes dc_<version>_amd64.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dc)
set(CPACK_PACKAGE_VENDOR "the dc authors")
set(CPACK_PACKAGE_CONTACT "dc maintainers <maintainers@users.noreply.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Docker Compose compatible orchestrator written in C++")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Runtime libraries come from Debian's packages; let dpkg-shlibdeps find them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl is loaded with dlopen (drivers/curl_loader.cpp), which shlibdeps cannot see.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "docker.io")
include(CPack)
