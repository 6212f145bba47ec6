package io.dropwise;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DropwiseApplication {

    public static void main(String[] args) {
        SpringApplication.run(DropwiseApplication.class, args);
    }
}
