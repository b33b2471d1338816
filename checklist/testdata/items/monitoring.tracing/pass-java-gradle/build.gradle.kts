plugins {
    id("org.springframework.boot") version "3.2.4"
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter:2.2.0-alpha")
}
